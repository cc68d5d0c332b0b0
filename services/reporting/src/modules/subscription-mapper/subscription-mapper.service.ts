import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SmartlicException, type SubscriptionMapperRow, type SubscriptionMapRequest } from '#libs/contracts';
import { COMMAND_ERROR_CODES } from '#libs/messaging';
import type { FlexUsageRow } from '../reports/flex-usage.calculator.js';
import { customerFlexUsage } from '../reports/flex-usage.report.js';
import { LicenseHistoryRepository } from '../license-history/license-history.repository.js';
import { ReportDataRepository } from '../reports/report-data.repository.js';
import { withConsumption } from './subscription-consumption.js';
import { SubscriptionMapperRepository, type StoredSubscriptionRow, type SubscriptionQuery } from './subscription-mapper.repository.js';

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
    private readonly reportData: ReportDataRepository,
    private readonly history: LicenseHistoryRepository,
  ) {}

  async list(query: SubscriptionQuery): Promise<{ total: number; items: SubscriptionMapperRow[] }> {
    const page = await this.subscriptions.list(query);
    return { total: page.total, items: await this.withConsumption(page.items) };
  }

  /** Many subscriptions may map to one customer; one subscription maps to exactly one. Bad input changes nothing. */
  async map(request: SubscriptionMapRequest): Promise<SubscriptionMapperRow> {
    // Consumption is attributed once the mapping is committed (the Flex Usage reads committed mappings).
    const [row] = await this.withConsumption([await this.mapped(request)]);
    return row!;
  }

  async unmap(subscriptionId: string): Promise<SubscriptionMapperRow> {
    const [row] = await this.withConsumption([await this.unmapped(subscriptionId)]);
    return row!;
  }

  /**
   * The rows with the consumption the Flex Usage attributes to each subscription: one Flex Usage per customer the page's
   * subscriptions are mapped to (its orders across all its subscriptions against its clusters' usage).
   */
  private async withConsumption(rows: StoredSubscriptionRow[]): Promise<SubscriptionMapperRow[]> {
    const customers = [...new Set(rows.flatMap((r) => (r.customerId && !r.perpetual ? [r.customerId] : [])))];
    const usage = new Map<string, FlexUsageRow[]>();
    if (customers.length) {
      const [ordered, consumed] = await Promise.all([this.reportData.ordered(customers), this.reportData.customerUsage(customers)]);
      for (const c of customers) usage.set(c, customerFlexUsage(ordered.filter((o) => o.customerId === c), consumed.filter((u) => u.customerId === c)));
    }
    return rows.map((r) => withConsumption(r, r.customerId && !r.perpetual ? usage.get(r.customerId) : undefined));
  }

  private mapped(request: SubscriptionMapRequest): Promise<StoredSubscriptionRow> {
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
      // What the customer purchased changed: today's point of its license history says so.
      await this.history.recordCustomer(m, request.customerId, new Date().toISOString());
      return (await this.subscriptions.get(m, request.subscriptionId))!;
    });
  }

  private unmapped(subscriptionId: string): Promise<StoredSubscriptionRow> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.subscriptions.get(m, subscriptionId);
      if (!current) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `subscriptionId: subscription ${subscriptionId} does not exist`, details: { field: 'subscriptionId' } });
      await this.subscriptions.unmap(m, subscriptionId);
      if (current.customerId) await this.history.recordCustomer(m, current.customerId, new Date().toISOString());
      return (await this.subscriptions.get(m, subscriptionId)) ?? { ...current, customerId: null, customerName: null, licenseModel: null };
    });
  }
}
