import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { ReportingCommands, type reportDeliveryRequestSchema } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { ReportDeliveryService } from './report-delivery.service.js';

@Controller()
export class ReportDeliveryHandler {
  constructor(private readonly delivery: ReportDeliveryService) {}

  @OnCommand(ReportingCommands.setReportDelivery)
  set(@Payload() request: z.infer<typeof reportDeliveryRequestSchema>) {
    return this.delivery.set(request);
  }

  @OnCommand(ReportingCommands.getReportDelivery)
  get() {
    return this.delivery.get();
  }

  @OnCommand(ReportingCommands.runReportDelivery)
  run() {
    return this.delivery.deliver();
  }
}
