import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { PlmEvents, type Envelope, type LicenseManagerRemoved, type PlmInventoryReported } from '#libs/contracts';
import { JetStreamContext, OnEvent } from '#libs/messaging';
import { PlmInventoryService } from './plm-inventory.service.js';

/** Registration's Prime License Managers: their licenses, customers and clusters with usage. */
@Controller()
export class PlmEventsHandler {
  constructor(private readonly plm: PlmInventoryService) {}

  @OnEvent(PlmEvents.plmInventoryReported)
  inventoryReported(@Payload() e: Envelope<PlmInventoryReported>, @Ctx() ctx: JetStreamContext) {
    return this.plm.inventoryReported(e, ctx.consumer);
  }

  @OnEvent(PlmEvents.licenseManagerRemoved)
  licenseManagerRemoved(@Payload() e: Envelope<LicenseManagerRemoved>, @Ctx() ctx: JetStreamContext) {
    return this.plm.licenseManagerRemoved(e, ctx.consumer);
  }
}
