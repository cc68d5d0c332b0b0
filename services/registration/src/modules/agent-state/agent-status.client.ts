import { Inject, Injectable } from '@nestjs/common';
import { CaaCommands, type ApplicationType, type SmartAgentStatus } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { RegistrationConfig } from '../../config/registration.config.js';

/**
 * The one command a status refresh sends: app-adapter reads the smart agent from the application (a live read,
 * which also emits status-changed when the state changed). Errors are the messaging errors.
 */
@Injectable()
export class AgentStatusClient {
  constructor(
    private readonly commands: CommandClient,
    @Inject(SERVICE_CONFIG) private readonly config: RegistrationConfig,
  ) {}

  read(applicationType: ApplicationType, clusterId: string): Promise<SmartAgentStatus> {
    return this.commands.request(CaaCommands.status(applicationType), { clusterId, source: 'application' }, { timeoutMs: this.config.REGISTRATION_STATUS_REFRESH_TIMEOUT });
  }
}
