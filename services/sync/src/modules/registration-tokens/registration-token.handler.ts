import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SyncCommands, type CommandRequest } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { RegistrationTokenService } from './registration-token.service.js';

@Controller()
export class RegistrationTokenHandler {
  constructor(private readonly tokens: RegistrationTokenService) {}

  @OnCommand(SyncCommands.getToken)
  get(@Payload() request: CommandRequest<typeof SyncCommands.getToken>) {
    return this.tokens.get(request.smartAccountId, request.virtualAccount);
  }
}
