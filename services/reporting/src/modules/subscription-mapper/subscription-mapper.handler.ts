import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ReportingCommands, type CommandRequest, type SubscriptionMapRequest } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import type { SubscriptionQuery } from './subscription-mapper.repository.js';
import { SubscriptionMapperService } from './subscription-mapper.service.js';

@Controller()
export class SubscriptionMapperHandler {
  constructor(private readonly mapper: SubscriptionMapperService) {}

  @OnCommand(ReportingCommands.listSubscriptions)
  list(@Payload() request: SubscriptionQuery) {
    return this.mapper.list(request);
  }

  @OnCommand(ReportingCommands.mapSubscription)
  map(@Payload() request: SubscriptionMapRequest) {
    return this.mapper.map(request);
  }

  @OnCommand(ReportingCommands.unmapSubscription)
  unmap(@Payload() request: CommandRequest<typeof ReportingCommands.unmapSubscription>) {
    return this.mapper.unmap(request.subscriptionId);
  }
}
