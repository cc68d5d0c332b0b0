import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SmartlicException, SyncCommands, type CommandRequest, type SmartAccountConfig, type SmartAccountUpdate, type TransportModeSettings } from '#libs/contracts';
import { COMMAND_ERROR_CODES, OnCommand } from '#libs/messaging';
import { SmartAccountConfigService } from './smart-account-config.service.js';

/** Smart account configuration and the global transport mode (request/reply). */
@Controller()
export class SmartAccountConfigHandler {
  constructor(private readonly config: SmartAccountConfigService) {}

  @OnCommand(SyncCommands.createSmartAccount)
  create(@Payload() request: SmartAccountConfig) {
    return this.config.create(request);
  }

  @OnCommand(SyncCommands.updateSmartAccount)
  update(@Payload() request: { id: string; config: SmartAccountUpdate }) {
    return this.config.update(request.id, request.config);
  }

  @OnCommand(SyncCommands.deleteSmartAccount)
  delete(@Payload() request: CommandRequest<typeof SyncCommands.deleteSmartAccount>) {
    return this.config.delete(request.id);
  }

  @OnCommand(SyncCommands.getSmartAccount)
  async get(@Payload() request: CommandRequest<typeof SyncCommands.getSmartAccount>) {
    const sa = await this.config.get(request.id);
    if (!sa) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Smart account ${request.id} does not exist` });
    return sa;
  }

  @OnCommand(SyncCommands.listSmartAccounts)
  list(@Payload() request: CommandRequest<typeof SyncCommands.listSmartAccounts>) {
    return this.config.list(request.limit ?? 100, request.offset ?? 0);
  }

  @OnCommand(SyncCommands.getTransportMode)
  getTransportMode() {
    return this.config.getTransportMode();
  }

  @OnCommand(SyncCommands.setTransportMode)
  setTransportMode(@Payload() request: TransportModeSettings) {
    return this.config.setTransportMode(request);
  }
}
