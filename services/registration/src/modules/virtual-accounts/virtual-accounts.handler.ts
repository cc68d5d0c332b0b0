import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  LicenseModeEvents,
  RegistrationCommands,
  SmartlicException,
  SyncEvents,
  type CommandRequest,
  type Envelope,
  type SmartAccountUpserted,
  type VaLicenseModeChanged,
  type VirtualAccountEvent,
} from '#libs/contracts';
import { JetStreamContext, OnCommand, OnEvent } from '#libs/messaging';
import { VirtualAccountsService } from './virtual-accounts.service.js';

/** Projection of sync's accounts and license-mode's VA modes; the Virtual Account Summary queries. */
@Controller()
export class VirtualAccountsHandler {
  constructor(private readonly accounts: VirtualAccountsService) {}

  @OnEvent(SyncEvents.virtualAccountUpserted)
  vaUpserted(@Payload() e: Envelope<VirtualAccountEvent>, @Ctx() ctx: JetStreamContext) {
    return this.accounts.applyVirtualAccount(e, ctx.consumer, false);
  }

  @OnEvent(SyncEvents.virtualAccountRemoved)
  vaRemoved(@Payload() e: Envelope<VirtualAccountEvent>, @Ctx() ctx: JetStreamContext) {
    return this.accounts.applyVirtualAccount(e, ctx.consumer, true);
  }

  @OnEvent(SyncEvents.smartAccountUpserted)
  saUpserted(@Payload() e: Envelope<SmartAccountUpserted>, @Ctx() ctx: JetStreamContext) {
    return this.accounts.applySmartAccount(e, ctx.consumer, false);
  }

  @OnEvent(SyncEvents.smartAccountRemoved)
  saRemoved(@Payload() e: Envelope<SmartAccountUpserted>, @Ctx() ctx: JetStreamContext) {
    return this.accounts.applySmartAccount(e, ctx.consumer, true);
  }

  /** The smart-account consumer also receives "synced": nothing to project. */
  @OnEvent(SyncEvents.smartAccountSynced)
  saSynced() {
    return undefined;
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
