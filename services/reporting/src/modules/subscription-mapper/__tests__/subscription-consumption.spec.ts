import { calculateFlexUsage } from '../../reports/flex-usage.calculator.js';
import { withConsumption } from '../subscription-consumption.js';
import type { StoredSubscriptionRow, SubscriptionLineDetail } from '../subscription-mapper.repository.js';

const FOUNDATION = 'HCS Cisco UCM Foundation License';
const STANDARD = 'HCS Cisco UCM Standard License';

const line = (license: string, quantity: number, o: Partial<SubscriptionLineDetail> = {}): SubscriptionLineDetail => ({
  license, quantity, licenseType: 'TERM', smartAccountId: 'sa-1', virtualAccount: 'va-hcs-ordered', counted: true, ...o,
});
const subscription = (subscriptionId: string, licenseDetails: SubscriptionLineDetail[], customerId: string | null = 'cust-1'): StoredSubscriptionRow => ({
  subscriptionId, licenseDetails, licenseCount: licenseDetails.reduce((n, l) => n + l.quantity, 0), startDate: '2026-01-01', endDate: '2027-01-01',
  customerId, customerName: customerId, licenseModel: customerId ? 'Named User' : null, perpetual: false,
});

describe('Subscription Mapper "License Details": licenses consumed by each subscription ID', () => {
  // Customer 1 ordered 10 Foundation on S1 (ends first) and 10 Foundation + 5 Standard on S2; its clusters use 14 Foundation and 7 Standard.
  const flex = calculateFlexUsage(
    [
      { subscriptionId: 'S1', licenseModel: 'Named User', license: FOUNDATION, quantity: 10, endDate: '2026-06-30' },
      { subscriptionId: 'S2', licenseModel: 'Named User', license: FOUNDATION, quantity: 10, endDate: '2027-06-30' },
      { subscriptionId: 'S2', licenseModel: 'Named User', license: STANDARD, quantity: 5, endDate: '2027-06-30' },
    ],
    [{ license: FOUNDATION, count: 14 }, { license: STANDARD, count: 7 }],
  );

  it('each subscription gets what the Flex Usage attributes to it, per license, with the true forward on the last subscription', () => {
    const s1 = withConsumption(subscription('S1', [line(FOUNDATION, 10)]), flex);
    const s2 = withConsumption(subscription('S2', [line(FOUNDATION, 10), line(STANDARD, 5)]), flex);
    expect(s1).toMatchObject({ licensesConsumed: 10, licenseDetails: [{ license: FOUNDATION, quantity: 10, consumed: 10 }] });
    expect(s2).toMatchObject({ licensesConsumed: 11, licenseDetails: [{ license: FOUNDATION, consumed: 4 }, { license: STANDARD, quantity: 5, consumed: 7 }] });
    expect(s2.licenseDetails[0]).not.toHaveProperty('counted');
  });

  it('lines of one license fill in order, the excess on the last; a line outside the ordered VA gets nothing', () => {
    const row = withConsumption(
      subscription('S2', [line(FOUNDATION, 6, { virtualAccount: 'va-a' }), line(FOUNDATION, 4, { virtualAccount: 'va-b' }), line(FOUNDATION, 50, { virtualAccount: 'va-hcs-operational', counted: false })]),
      flex,
    );
    expect(row.licenseDetails.map((l) => l.consumed)).toEqual([4, 0, null]);
    const over = withConsumption(subscription('S1', [line(FOUNDATION, 6), line(FOUNDATION, 3)]), calculateFlexUsage([{ subscriptionId: 'S1', licenseModel: null, license: FOUNDATION, quantity: 9, endDate: null }], [{ license: FOUNDATION, count: 12 }]));
    expect(over.licenseDetails.map((l) => l.consumed)).toEqual([6, 6]);
    expect(over.licensesConsumed).toBe(12);
  });

  it('a subscription not mapped to a customer has no consumption attributed (null, not 0); a mapped one with no usage shows 0', () => {
    expect(withConsumption(subscription('S3', [line(FOUNDATION, 10)], null), undefined)).toMatchObject({ licensesConsumed: null, licenseDetails: [{ consumed: null }] });
    expect(withConsumption(subscription('S3', [line(FOUNDATION, 10)]), [])).toMatchObject({ licensesConsumed: 0, licenseDetails: [{ consumed: 0 }] });
  });
});
