import { Injectable } from '@nestjs/common';
import { ReportingCommands } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import type { SubscriptionListQuery, SubscriptionMappingBody } from './subscriptions.dto.js';

/** Subscription Mapper: reporting owns the subscriptions read model and the mappings. */
@Injectable()
export class SubscriptionsService {
  constructor(private readonly commands: CommandClient) {}

  list(query: SubscriptionListQuery) {
    return this.commands.request(ReportingCommands.listSubscriptions, query);
  }

  map(subscriptionId: string, body: SubscriptionMappingBody) {
    return this.commands.request(ReportingCommands.mapSubscription, { subscriptionId, ...body });
  }

  unmap(subscriptionId: string) {
    return this.commands.request(ReportingCommands.unmapSubscription, { subscriptionId });
  }
}
