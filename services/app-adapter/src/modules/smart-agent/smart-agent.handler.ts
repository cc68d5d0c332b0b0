import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CaaCommands } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { SmartAgentService } from './smart-agent.service.js';

/** CAA commands, one queue per application type (the deployment serves those in CAA_APP_TYPES). */
@Controller()
export class SmartAgentHandler {
  constructor(private readonly smartAgent: SmartAgentService) {}

  @OnCommand(CaaCommands.status('cucm'))
  cucmStatus(@Payload() r: { clusterId: string }) {
    return this.smartAgent.status(r.clusterId);
  }

  @OnCommand(CaaCommands.status('cuc'))
  cucStatus(@Payload() r: { clusterId: string }) {
    return this.smartAgent.status(r.clusterId);
  }

  @OnCommand(CaaCommands.status('cer'))
  cerStatus(@Payload() r: { clusterId: string }) {
    return this.smartAgent.status(r.clusterId);
  }

  @OnCommand(CaaCommands.status('expressway'))
  expresswayStatus(@Payload() r: { clusterId: string }) {
    return this.smartAgent.status(r.clusterId);
  }
}
