import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { hcsMappingForLicense } from '#libs/contracts';
import { calculateFlexUsage, type FlexUsageRow } from './flex-usage.calculator.js';
import { reportLicenseOf } from './report-license.js';
import { csvLine, put } from './report-output.js';
import { ReportDataRepository, type CustomerUsageRow, type OrderedRow } from './report-data.repository.js';

export const FLEX_USAGE_COLUMNS = ['Customer ID', 'Customer Name', 'Subscription ID', 'License Model', 'End Date', 'Product', 'License Type', 'License', 'Ordered', 'Consumed', 'True Forward', 'Compliance', 'Note'] as const;
export const UNMATCHED = 'Unmatched';

export interface CustomerFlexUsage {
  customerId: string;
  customerName: string;
  rows: FlexUsageRow[];
  /** Usage of a license type the guide's mapping does not know: kept aside, never guessed. */
  unmatched: CustomerUsageRow[];
}

/**
 * Flex Usage rows of one customer: what its subscriptions ordered against its clusters' usage (usage of a license type
 * the guide's mapping does not know is left out). The report and the Subscription Mapper attribute consumption alike.
 */
export const customerFlexUsage = (ordered: readonly OrderedRow[], usage: readonly CustomerUsageRow[]): FlexUsageRow[] =>
  calculateFlexUsage(
    ordered.map((o) => ({ subscriptionId: o.subscriptionId, licenseModel: o.licenseModel, license: o.license, quantity: o.quantity, endDate: o.endDate })),
    usage.filter((u) => hcsMappingForLicense(u.license)).map((u) => ({ license: u.license, count: u.count })),
  );

/** The Flex Usage report (ordered, consumed, true forward, compliance) per customer and subscription. */
@Injectable()
export class FlexUsageReport {
  constructor(private readonly data: ReportDataRepository) {}

  /** Flex Usage per customer, a batch of customers at a time (also feeds the customer-level dashboard). */
  async *customers(): AsyncGenerator<CustomerFlexUsage[]> {
    for await (const customers of this.data.customerBatches()) {
      const ids = customers.map((c) => c.id);
      const [ordered, usage] = await Promise.all([this.data.ordered(ids), this.data.customerUsage(ids)]);
      const orderedBy = groupBy(ordered, (o) => o.customerId);
      const usageBy = groupBy(usage, (u) => u.customerId);
      yield customers.map((c) => {
        const own = usageBy.get(c.id) ?? [];
        const rows = customerFlexUsage(orderedBy.get(c.id) ?? [], own);
        return { customerId: c.id, customerName: c.name, rows, unmatched: own.filter((u) => u.count > 0 && !hcsMappingForLicense(u.license)) };
      });
    }
  }

  async write(out: Writable): Promise<void> {
    await put(out, csvLine(FLEX_USAGE_COLUMNS));
    for await (const batch of this.customers()) {
      let text = '';
      for (const c of batch) {
        for (const r of c.rows) {
          const named = reportLicenseOf(r.license);
          text += csvLine([c.customerId, c.customerName, r.subscriptionId ?? '~', r.licenseModel ?? '~', r.endDate ?? '~', named?.product ?? '~', named?.licenseType ?? r.license, r.license, r.ordered, r.consumed, r.trueForward, r.compliance, '']);
        }
        for (const u of c.unmatched) {
          text += csvLine([c.customerId, c.customerName, '~', '~', '~', '~', '~', u.license, 0, u.count, 0, UNMATCHED, `unknown license type "${u.license}" (${u.applicationType})`]);
        }
      }
      await put(out, text);
    }
    for await (const batch of this.data.unknownClusterUsage()) {
      await put(out, batch.map((u) => csvLine(['~', '~', '~', '~', '~', '~', '~', u.license, 0, u.count, 0, UNMATCHED, `unknown cluster "${u.clusterId}" (${u.applicationType})`])).join(''));
    }
  }
}

const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
};
