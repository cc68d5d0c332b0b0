import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RegistrationCommands, type CommandRequest, type JobTrigger } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { AssignmentService } from './assignment.service.js';

type Batch = { virtualAccountId: string; clusterIds: string[]; trigger: JobTrigger };

@Controller()
export class AssignmentHandler {
  constructor(private readonly assignment: AssignmentService) {}

  @OnCommand(RegistrationCommands.assignClusters)
  assign(@Payload() r: Batch) {
    return this.assignment.assign(r.virtualAccountId, r.clusterIds, r.trigger);
  }

  @OnCommand(RegistrationCommands.unassignClusters)
  unassign(@Payload() r: Batch) {
    return this.assignment.unassign(r.virtualAccountId, r.clusterIds, r.trigger);
  }

  @OnCommand(RegistrationCommands.renewId)
  renewId(@Payload() r: CommandRequest<typeof RegistrationCommands.renewId>) {
    return this.assignment.renew('Renew ID', r.clusterId);
  }

  @OnCommand(RegistrationCommands.renewAuthorization)
  renewAuth(@Payload() r: CommandRequest<typeof RegistrationCommands.renewAuthorization>) {
    return this.assignment.renew('Renew Authorization', r.clusterId);
  }
}
