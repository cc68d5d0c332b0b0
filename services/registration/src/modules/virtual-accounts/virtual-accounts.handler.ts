import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  LicenseModeEvents,
  RegistrationCommands,
  SmartlicException,
  SyncEvents,
  type CommandRequest,
  type Envelope,
  type VaLicenseModeChanged,
  type VirtualAccountEvent,
} from '#libs/contracts';
import { JetStreamContext, OnCommand, OnEvent } from '#libs/messaging';
import { VirtualAccountsService } from './virtual-accounts.service.js';

/**
 * Projection of removed virtual accounts and license-mode's VA modes; the Virtual Account Summary queries. Smart
 * accounts and VA upserts are projected by auto-registration (AccountEventsHandler), which reacts to them.
 */
@Controller()
export class VirtualAccountsHandler {
  constructor(private readonly accounts: VirtualAccountsService) {}

  @OnEvent(SyncEvents.virtualAccountRemoved)
  vaRemoved(@Payload() e: Envelope<VirtualAccountEvent>, @Ctx() ctx: JetStreamContext) {
    return this.accounts.applyVirtualAccount(e, ctx.consumer, true);
  }

  @OnEvent(LicenseModeEvents.vaLicenseModeChanged)
  licenseModeChanged(@Payload() e: Envelope<VaLicenseModeChanged>, @Ctx() ctx: JetStreamContext) {
    return this.accounts.applyLicenseMode(e, ctx.consumer);
  }

  @OnCommand(RegistrationCommands.listVirtualAccounts)
  list(@Payload() request: CommandRequest<typeof RegistrationCommands.listVirtualAccounts>) {
    return this.accounts.list({ limit: 100, offset: 0, ...request });
  }

  @OnCommand(RegistrationCommands.getVirtualAccount)
  async get(@Payload() request: CommandRequest<typeof RegistrationCommands.getVirtualAccount>) {
    const va = await this.accounts.summary(request.id);
    if (!va) throw SmartlicException.fromCode('SLMCT1001', { virtualAccountId: request.id });
    return va;
  }
}
