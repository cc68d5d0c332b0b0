import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ProvisioningEvents, type ClusterDeleted, type ClusterProvisioning, type CustomerDeleted, type CustomerProvisioning, type Envelope } from '#libs/contracts';
import { JetStreamContext, OnEvent } from '#libs/messaging';
import { InventoryService } from './inventory.service.js';

/** Durable consumer of the inbound provisioning contract. */
@Controller()
export class ProvisioningHandler {
  constructor(private readonly inventory: InventoryService) {}

  @OnEvent(ProvisioningEvents.customerCreated)
  customerCreated(@Payload() e: Envelope<CustomerProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.applyCustomer(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.customerUpdated)
  customerUpdated(@Payload() e: Envelope<CustomerProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.applyCustomer(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.customerDeleted)
  customerDeleted(@Payload() e: Envelope<CustomerDeleted>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.deleteCustomer(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.clusterCreated)
  clusterCreated(@Payload() e: Envelope<ClusterProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.applyCluster(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.clusterUpdated)
  clusterUpdated(@Payload() e: Envelope<ClusterProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.applyCluster(e, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.clusterDeleted)
  clusterDeleted(@Payload() e: Envelope<ClusterDeleted>, @Ctx() ctx: JetStreamContext) {
    return this.inventory.deleteCluster(e, ctx.consumer);
  }
}
