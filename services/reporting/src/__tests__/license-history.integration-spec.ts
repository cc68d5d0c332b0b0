import { CaaEvents, RegistrationEvents, ReportingCommands, SyncEvents } from '#libs/contracts';
import { loadConfig } from '#libs/config';
import { CommandClient } from '#libs/messaging';
import { generateKey } from '#libs/secrets';
import { startService, type RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { reportingConfigSchema } from '../config/reporting.config.js';
import { reportingService } from '../reporting.service-definition.js';
import { daysFromToday, EventPublisher, licenseLines } from './reporting-events.fixture.js';

const FOUNDATION = 'HCS Cisco UCM Foundation License';
const STANDARD = 'HCS Cisco UCM Standard License';
const SA = '7f1c2a9e-0000-4000-8000-000000000001';
const DAY = 86_400_000;

/** An instant `days` days before now, at `hour` UTC of that day. */
const at = (days: number, hour: number): Date => {
  const d = new Date(Date.now() - days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

interface Row {
  day: string;
  license: string;
  purchased: number;
  consumed: number;
}

describe('reporting: License Dashboard history (purchased vs consumed over time)', () => {
  let env: TestEnvironment;
  let service: RunningService<unknown>;
  let events: EventPublisher;
  let commands: CommandClient;

  const rows = (scope: string, scopeId: string): Promise<Row[]> =>
    service.dataSource.query(
      "SELECT to_char(day, 'YYYY-MM-DD') AS day, license, purchased, consumed FROM license_history WHERE scope = $1 AND scope_id = $2 ORDER BY day, license",
      [scope, scopeId],
    );

  beforeAll(async () => {
    env = await createTestEnvironment('lichist');
    service = (await startService(reportingService, {
      env: {
        ...env.env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', PORT: '0', SMARTLIC_ENCRYPTION_KEYS: generateKey('test'), REPORTING_DELIVERY_TICK_MS: '0',
        RETENTION_INTERVAL: '200ms', LICENSE_HISTORY_RETENTION: '30d',
      },
      host: '127.0.0.1',
    })) as RunningService<unknown>;
    commands = service.app.get(CommandClient);
    events = await EventPublisher.connect(env.natsUrl, env.namespace);
    await events.publish(SyncEvents.smartAccountUpserted, {
      id: SA, name: 'sp', domain: 'sp.example.com', type: 'CSSM', transportMode: 'Direct', proxy: null, satellite: null,
      operationalLicenses: { opted: false, orderedVirtualAccount: null, operationalVirtualAccount: null, autoRegistration: false },
    });
  });

  afterAll(async () => {
    await events?.close();
    await service?.close();
    await env?.cleanup();
  });

  it('keeps 400 days of history unless LICENSE_HISTORY_RETENTION says otherwise', () => {
    expect(loadConfig(reportingConfigSchema, { SMARTLIC_ENCRYPTION_KEYS: generateKey('test') })).toMatchObject({ LICENSE_HISTORY_RETENTION: 400 * DAY });
  });

  it("records a virtual account's purchased and in-use counts at each snapshot, one row per license and day, the day's last snapshot winning", async () => {
    const snapshot = (licenses: [string, number, number][], when: Date) =>
      events.publish(SyncEvents.licenseSnapshotUpdated, { smartAccountId: SA, virtualAccount: 'va-1', licenses: licenseLines(licenses, 'SUB-1', daysFromToday(300)) }, when);
    await snapshot([[FOUNDATION, 100, 10], [STANDARD, 20, 5]], at(3, 8));
    await eventually(async () => (await rows('virtual-account', `${SA}/va-1`)).length === 2, { what: 'the first snapshot recorded' });
    // The same day again: the rows are replaced (STANDARD gone from the snapshot is gone from the day), never added.
    await snapshot([[FOUNDATION, 100, 40]], at(3, 9));
    await eventually(async () => (await rows('virtual-account', `${SA}/va-1`)).some((r) => r.consumed === 40), { what: 'the second snapshot of the day' });
    await snapshot([[FOUNDATION, 120, 60], [STANDARD, 20, 7]], at(0, 0));
    await eventually(async () => (await rows('virtual-account', `${SA}/va-1`)).length === 3, { what: "today's snapshot" });
    // An older snapshot arriving late changes nothing.
    await snapshot([[FOUNDATION, 1, 1]], at(3, 7));

    const threeDaysAgo = daysFromToday(-3);
    const today = daysFromToday(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await rows('virtual-account', `${SA}/va-1`)).toEqual([
      { day: threeDaysAgo, license: FOUNDATION, purchased: 100, consumed: 40 },
      { day: today, license: FOUNDATION, purchased: 120, consumed: 60 },
      { day: today, license: STANDARD, purchased: 20, consumed: 7 },
    ]);

    const history = await commands.request(ReportingCommands.licenseHistory, { level: 'virtual-account', id: `${SA}/va-1`, days: 90 });
    expect(history).toEqual({
      level: 'virtual-account', id: `${SA}/va-1`, name: 'va-1@sp.example.com', days: 90,
      points: [
        { day: threeDaysAgo, purchased: 100, consumed: 40, licenses: [{ license: FOUNDATION, purchased: 100, consumed: 40 }] },
        { day: today, purchased: 140, consumed: 67, licenses: [{ license: FOUNDATION, purchased: 120, consumed: 60 }, { license: STANDARD, purchased: 20, consumed: 7 }] },
      ],
    });
    // The window counts today: two days back leaves the older point out; an unknown id has no point.
    expect((await commands.request(ReportingCommands.licenseHistory, { level: 'virtual-account', id: `${SA}/va-1`, days: 2 })).points.map((p) => p.day)).toEqual([today]);
    expect(await commands.request(ReportingCommands.licenseHistory, { level: 'customer', id: `${SA}/va-1`, days: 90 })).toMatchObject({ name: null, points: [] });
  });

  it("records a customer's ordered and consumed licenses at each usage report of its clusters and mapping change, as the Flex Usage report attributes them", async () => {
    await events.publish(RegistrationEvents.customerUpserted, { id: 'cust-h', name: 'Customer H' });
    for (const id of ['h-cucm-1', 'h-cucm-2']) {
      await events.publish(RegistrationEvents.clusterUpserted, { id, customerId: 'cust-h', name: id, type: 'cucm', version: '12.5.1', eligible: true, publisher: '10.0.0.1', nodeCount: 1 });
    }
    await events.publish(SyncEvents.subscriptionUpserted, {
      subscriptionId: 'SUB-H', smartAccountId: SA, virtualAccount: 'va-1', license: FOUNDATION, quantity: 50, licenseType: 'TERM', billingType: 'PREPAID',
      startDate: daysFromToday(-100), endDate: daysFromToday(200), status: 'ACTIVE',
    });
    await eventually(async () => (await service.dataSource.query("SELECT 1 FROM cluster WHERE id = 'h-cucm-2' AND name = 'h-cucm-2'")).length === 1 && (await service.dataSource.query("SELECT 1 FROM subscription_line WHERE subscription_id = 'SUB-H'")).length === 1, { what: 'inventory and subscription' });
    await commands.request(ReportingCommands.mapSubscription, { subscriptionId: 'SUB-H', customerId: 'cust-h', licenseModel: 'Named User' });
    // The mapping changes what the customer purchased: today's point, in the mapping's transaction.
    expect(await rows('customer', 'cust-h')).toEqual([{ day: daysFromToday(0), license: FOUNDATION, purchased: 50, consumed: 0 }]);

    const usage = (clusterId: string, count: number, when: Date) =>
      events.publish(CaaEvents.licenseUsageReported, { clusterId, applicationType: 'cucm', licenseMode: 'HCS', collectedAt: when.toISOString(), usage: [{ license: FOUNDATION, count, status: null }] }, when);
    await usage('h-cucm-1', 10, at(1, 6));
    await eventually(async () => (await rows('customer', 'cust-h')).length === 2, { what: "the customer's first usage" });
    await usage('h-cucm-2', 5, at(1, 7));
    await usage('h-cucm-1', 12, at(1, 8));
    await eventually(async () => (await rows('customer', 'cust-h'))[0]?.consumed === 17, { what: 'both clusters counted' });
    expect(await rows('customer', 'cust-h')).toEqual([
      { day: daysFromToday(-1), license: FOUNDATION, purchased: 50, consumed: 17 },
      { day: daysFromToday(0), license: FOUNDATION, purchased: 50, consumed: 0 },
    ]);

    // Usage beyond the order on another day: a second point, consumed above purchased.
    await usage('h-cucm-2', 45, at(0, 0));
    await eventually(async () => (await rows('customer', 'cust-h'))[1]?.consumed === 57, { what: "today's usage" });
    const history = await commands.request(ReportingCommands.licenseHistory, { level: 'customer', id: 'cust-h', days: 30 });
    expect(history).toMatchObject({ name: 'Customer H', points: [{ day: daysFromToday(-1), purchased: 50, consumed: 17 }, { day: daysFromToday(0), purchased: 50, consumed: 57 }] });

    // Removing the mapping leaves the usage without an order: today purchased nothing, all of it true forward.
    await commands.request(ReportingCommands.unmapSubscription, { subscriptionId: 'SUB-H' });
    expect((await rows('customer', 'cust-h'))[1]).toEqual({ day: daysFromToday(0), license: FOUNDATION, purchased: 0, consumed: 57 });

    // A cluster reporting has never heard of records no customer history (its usage is kept apart as unmatched).
    await usage('h-unknown', 3, at(0, 0));
    await eventually(async () => (await service.dataSource.query("SELECT 1 FROM license_usage WHERE cluster_id = 'h-unknown'")).length === 1, { what: 'unmatched usage kept' });
    expect(Number((await service.dataSource.query('SELECT count(*) AS n FROM license_history'))[0].n)).toBe(5);
  });

  it('lists the customers by name, filtered by a part of the name (wildcards taken literally) and paged', async () => {
    for (const [id, name] of [['cust-a', 'Acme 100%'], ['cust-b', 'Bravo_Telecom'], ['cust-c', 'acme east']]) await events.publish(RegistrationEvents.customerUpserted, { id, name });
    await eventually(async () => (await commands.request(ReportingCommands.listCustomers, {})).total === 4, { what: 'customers' });
    expect(await commands.request(ReportingCommands.listCustomers, {})).toEqual({
      total: 4,
      items: [{ id: 'cust-a', name: 'Acme 100%' }, { id: 'cust-c', name: 'acme east' }, { id: 'cust-b', name: 'Bravo_Telecom' }, { id: 'cust-h', name: 'Customer H' }],
    });
    expect((await commands.request(ReportingCommands.listCustomers, { name: 'ACME' })).items.map((c) => c.id)).toEqual(['cust-a', 'cust-c']);
    expect((await commands.request(ReportingCommands.listCustomers, { name: '0%' })).items.map((c) => c.id)).toEqual(['cust-a']);
    expect((await commands.request(ReportingCommands.listCustomers, { name: 'o_T' })).items.map((c) => c.id)).toEqual(['cust-b']);
    expect((await commands.request(ReportingCommands.listCustomers, { name: '_' })).items.map((c) => c.id)).toEqual(['cust-b']);
    expect(await commands.request(ReportingCommands.listCustomers, { limit: 1, offset: 1 })).toEqual({ total: 4, items: [{ id: 'cust-c', name: 'acme east' }] });
  });

  it('prunes the days past LICENSE_HISTORY_RETENTION and keeps the rest', async () => {
    const insert = (scopeId: string, daysAgo: number) =>
      service.dataSource.query(
        `INSERT INTO license_history (scope, scope_id, day, license, scope_name, purchased, consumed, recorded_at)
         VALUES ('virtual-account', $1, (now() AT TIME ZONE 'UTC')::date - $2::int, $3, 'old', 1, 1, now() - $2 * interval '1 day')`,
        [scopeId, daysAgo, FOUNDATION],
      );
    await insert(`${SA}/va-old`, 45);
    await insert(`${SA}/va-old`, 31);
    await insert(`${SA}/va-old`, 29);
    await eventually(async () => (await rows('virtual-account', `${SA}/va-old`)).length === 1, { what: 'days past 30 pruned' });
    expect((await rows('virtual-account', `${SA}/va-old`)).map((r) => r.day)).toEqual([daysFromToday(-29)]);
    expect((await rows('virtual-account', `${SA}/va-1`)).length).toBe(3);
  });
});
