import type { SubscriptionMapperRow } from '#libs/contracts';
import type { FlexUsageRow } from '../reports/flex-usage.calculator.js';
import type { StoredSubscriptionRow } from './subscription-mapper.repository.js';

/**
 * The Subscription Mapper's "License Details" ("the number of licenses that are consumed by each subscription ID"):
 * the consumption the Flex Usage report attributes to the subscription when it correlates the orders and usage of the
 * customer it is mapped to (guide: "HCM-F uses this mapping to corelate the order and usage information"). Per license,
 * the subscription's consumption fills its ordered lines in order, the excess (true forward) on the last one. Without
 * `customerUsage` (not mapped to a customer, or perpetual) nothing is attributed: null, not 0.
 */
export const withConsumption = (row: StoredSubscriptionRow, customerUsage: readonly FlexUsageRow[] | undefined): SubscriptionMapperRow => {
  if (!customerUsage) return { ...row, licensesConsumed: null, licenseDetails: row.licenseDetails.map(({ counted: _c, ...line }) => ({ ...line, consumed: null })) };
  const consumedPerLicense = new Map<string, number>();
  for (const r of customerUsage) {
    if (r.subscriptionId === row.subscriptionId) consumedPerLicense.set(r.license, (consumedPerLicense.get(r.license) ?? 0) + r.consumed);
  }
  const remaining = new Map(consumedPerLicense);
  const lastCounted = new Map<string, number>();
  row.licenseDetails.forEach((line, i) => {
    if (line.counted) lastCounted.set(line.license, i);
  });
  const licenseDetails = row.licenseDetails.map(({ counted, ...line }, i) => {
    if (!counted) return { ...line, consumed: null };
    const left = remaining.get(line.license) ?? 0;
    const consumed = lastCounted.get(line.license) === i ? left : Math.min(left, line.quantity);
    remaining.set(line.license, left - consumed);
    return { ...line, consumed };
  });
  return { ...row, licenseDetails, licensesConsumed: [...consumedPerLicense.values()].reduce((a, b) => a + b, 0) };
};
