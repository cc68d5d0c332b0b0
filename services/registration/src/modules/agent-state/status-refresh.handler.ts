import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RegistrationCommands, SmartlicException, type CommandResponse, type ClusterFilter } from '#libs/contracts';
import { COMMAND_ERROR_CODES, OnCommand } from '#libs/messaging';
import { StatusRefreshService } from './status-refresh.service.js';

/** Status refresh on demand (request/reply): answered once the reads are queued. */
@Controller()
export class StatusRefreshHandler {
  constructor(private readonly refresh: StatusRefreshService) {}

  @OnCommand(RegistrationCommands.refreshClusterStatus)
  one(@Payload() r: { clusterId: string }) {
    return this.refresh.refreshCluster(r.clusterId);
  }

  @OnCommand(RegistrationCommands.refreshClusterStatuses)
  many(@Payload() filter: ClusterFilter) {
    return this.refresh.refreshSelection(filter, 'operator');
  }

  @OnCommand(RegistrationCommands.getStatusRefresh)
  async get(@Payload() r: { id: string }): Promise<CommandResponse<typeof RegistrationCommands.getStatusRefresh>> {
    const refresh = await this.refresh.get(r.id);
    if (!refresh) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Status refresh ${r.id} does not exist` });
    return refresh;
  }
}
