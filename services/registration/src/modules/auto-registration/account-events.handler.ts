import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { SyncEvents, type Envelope, type SmartAccountSynced, type SmartAccountUpserted, type VirtualAccountEvent } from '#libs/contracts';
import { JetStreamContext, OnEvent } from '#libs/messaging';
import { AccountEventsService } from './account-events.service.js';
import type { SmartAccountRemoved } from './auto-registration.repository.js';

/** sync's smart-account events and virtual-account upserts: projection plus auto-registration. */
@Controller()
export class AccountEventsHandler {
  constructor(private readonly accounts: AccountEventsService) {}

  @OnEvent(SyncEvents.smartAccountUpserted)
  saUpserted(@Payload() e: Envelope<SmartAccountUpserted>, @Ctx() ctx: JetStreamContext) {
    return this.accounts.smartAccountUpserted(e, ctx.consumer);
  }

  @OnEvent(SyncEvents.smartAccountRemoved)
  saRemoved(@Payload() e: Envelope<SmartAccountRemoved>, @Ctx() ctx: JetStreamContext) {
    return this.accounts.smartAccountRemoved(e, ctx.consumer);
  }

  @OnEvent(SyncEvents.smartAccountSynced)
  saSynced(@Payload() e: Envelope<SmartAccountSynced>, @Ctx() ctx: JetStreamContext) {
    return this.accounts.smartAccountSynced(e, ctx.consumer);
  }

  @OnEvent(SyncEvents.virtualAccountUpserted)
  vaUpserted(@Payload() e: Envelope<VirtualAccountEvent>, @Ctx() ctx: JetStreamContext) {
    return this.accounts.virtualAccountUpserted(e, ctx.consumer);
  }
}
