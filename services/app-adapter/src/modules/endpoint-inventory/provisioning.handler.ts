import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CONSUMERS, ProvisioningEvents, type ClusterDeleted, type ClusterProvisioning, type Envelope } from '#libs/contracts';
import { JetStreamBatchContext, JetStreamContext, OnEvent, OnEventBatch } from '#libs/messaging';
import { EndpointInventoryService } from './endpoint-inventory.service.js';

@Controller()
export class EndpointProvisioningHandler {
  constructor(private readonly inventory: EndpointInventoryService) {}

  /**
   * Batches in stream order (a cluster whose customer is unknown is left waiting, the rest commits); the per-event
   * handlers below isolate a failing message.
   */
  @OnEventBatch(CONSUMERS.appAdapter.provisioning)
  batch(@Payload() events: Envelope<ClusterProvisioning | ClusterDeleted>[], @Ctx() ctx: JetStreamBatchContext) {
    return this.inventory.applyBatch(events, ctx.consumer, (i, error) => ctx.wait(i, error));
  }

  @OnEvent(ProvisioningEvents.clusterCreated)
  created(@Payload() e: Envelope<ClusterProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.apply(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.clusterUpdated)
  updated(@Payload() e: Envelope<ClusterProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.apply(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.clusterDeleted)
  deleted(@Payload() e: Envelope<ClusterDeleted>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.apply(e, ctx.consumer);
  }
}
