import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CONSUMERS, ProvisioningEvents, type ClusterDeleted, type ClusterProvisioning, type CustomerDeleted, type CustomerProvisioning, type Envelope } from '#libs/contracts';
import { JetStreamBatchContext, JetStreamContext, OnEvent, OnEventBatch } from '#libs/messaging';
import { InventoryService } from './inventory.service.js';

/**
 * Durable consumer of the inbound provisioning contract: batches in stream order (one transaction each); the
 * per-event handlers are the fallback the server uses to isolate a failing message.
 */
@Controller()
export class ProvisioningHandler {
  constructor(private readonly inventory: InventoryService) {}

  @OnEventBatch(CONSUMERS.registration.provisioning)
  batch(@Payload() events: Envelope[], @Ctx() ctx: JetStreamBatchContext) {
    return this.inventory.applyBatch(events, ctx.consumer, (i) => ctx.traceContextOf(i), (i, error) => ctx.wait(i, error));
  }

  @OnEvent(ProvisioningEvents.customerCreated)
  customerCreated(@Payload() e: Envelope<CustomerProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.apply(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.customerUpdated)
  customerUpdated(@Payload() e: Envelope<CustomerProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.apply(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.customerDeleted)
  customerDeleted(@Payload() e: Envelope<CustomerDeleted>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.apply(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.clusterCreated)
  clusterCreated(@Payload() e: Envelope<ClusterProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.apply(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.clusterUpdated)
  clusterUpdated(@Payload() e: Envelope<ClusterProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.apply(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.clusterDeleted)
  clusterDeleted(@Payload() e: Envelope<ClusterDeleted>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.apply(e, ctx.consumer);
  }
}
