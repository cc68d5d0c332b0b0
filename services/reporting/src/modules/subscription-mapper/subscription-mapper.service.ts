import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SmartlicException, type SubscriptionMapperRow, type SubscriptionMapRequest } from '#libs/contracts';
import { COMMAND_ERROR_CODES } from '#libs/messaging';
import { SubscriptionMapperRepository, type SubscriptionQuery } from './subscription-mapper.repository.js';

/** Rules of the guide's "Subscription Mapper", each named in the error an operator gets when breaking it. */
export const MAPPER_RULES = {
  singleCustomer: 'One subscription ID must be mapped to a single customer',
  knownCustomer: 'A subscription ID is mapped to a customer of the inventory',
  perpetualToProvider: 'All perpetual licenses are automatically mapped to the provider',
} as const;

const refuse = (field: string, rule: string, message: string, details: Record<string, unknown> = {}) =>
  new SmartlicException({ code: COMMAND_ERROR_CODES.invalidRequest, message: `${field}: ${message} (rule: ${rule})`, details: { field, rule, ...details } });

@Injectable()
export class SubscriptionMapperService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionMapperRepository,
  ) {}

  list(query: SubscriptionQuery) {
    return this.subscriptions.list(query);
  }

  /** Many subscriptions may map to one customer; one subscription maps to exactly one. Bad input changes nothing. */
  map(request: SubscriptionMapRequest): Promise<SubscriptionMapperRow> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.subscriptions.get(m, request.subscriptionId);
      if (!current || current.licenseDetails.length === 0) {
        throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `subscriptionId: subscription ${request.subscriptionId} is not known from any smart account sync`, details: { field: 'subscriptionId' } });
      }
      if (current.perpetual) throw refuse('subscriptionId', MAPPER_RULES.perpetualToProvider, `subscription ${request.subscriptionId} holds only perpetual licenses and is mapped to the provider`);
      if (current.customerId && current.customerId !== request.customerId) {
        throw refuse('customerId', MAPPER_RULES.singleCustomer, `subscription ${request.subscriptionId} is already mapped to customer ${current.customerId}; unmap it first`, { mappedTo: current.customerId });
      }
      if (!(await this.subscriptions.customerExists(m, request.customerId))) {
        throw refuse('customerId', MAPPER_RULES.knownCustomer, `customer ${request.customerId} does not exist`);
      }
      const mappedTo = await this.subscriptions.map(m, request.subscriptionId, request.customerId, request.licenseModel);
      if (mappedTo !== request.customerId) {
        throw refuse('customerId', MAPPER_RULES.singleCustomer, `subscription ${request.subscriptionId} is already mapped to customer ${mappedTo}; unmap it first`, { mappedTo });
      }
      return (await this.subscriptions.get(m, request.subscriptionId))!;
    });
  }

  unmap(subscriptionId: string): Promise<SubscriptionMapperRow> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.subscriptions.get(m, subscriptionId);
      if (!current) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `subscriptionId: subscription ${subscriptionId} does not exist`, details: { field: 'subscriptionId' } });
      await this.subscriptions.unmap(m, subscriptionId);
      return (await this.subscriptions.get(m, subscriptionId)) ?? { ...current, customerId: null, customerName: null, licenseModel: null };
    });
  }
}
