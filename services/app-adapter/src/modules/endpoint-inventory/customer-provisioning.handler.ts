import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CONSUMERS, ProvisioningEvents, type CustomerDeleted, type CustomerProvisioning, type Envelope } from '#libs/contracts';
import { JetStreamBatchContext, JetStreamContext, OnEvent, OnEventBatch } from '#libs/messaging';
import { CustomerInventoryService } from './customer-inventory.service.js';

/** The customers of the provisioning contract (their proxy): batches in stream order; one event isolates a failure. */
@Controller()
export class CustomerProvisioningHandler {
  constructor(private readonly customers: CustomerInventoryService) {}

  @OnEventBatch(CONSUMERS.appAdapter.customers)
  batch(@Payload() events: Envelope<CustomerProvisioning | CustomerDeleted>[], @Ctx() ctx: JetStreamBatchContext) {
    return this.customers.apply(events, ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.customerCreated)
  created(@Payload() e: Envelope<CustomerProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.customers.apply([e], ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.customerUpdated)
  updated(@Payload() e: Envelope<CustomerProvisioning>, @Ctx() ctx: JetStreamContext) {
    return this.customers.apply([e], ctx.consumer);
  }

  @OnEvent(ProvisioningEvents.customerDeleted)
  deleted(@Payload() e: Envelope<CustomerDeleted>, @Ctx() ctx: JetStreamContext) {
    return this.customers.apply([e], ctx.consumer);
  }
}
