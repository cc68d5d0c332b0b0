import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CaaEvents, JobEvents, PlmEvents, RegistrationEvents, ReportingCommands, SyncEvents, type ReportRun, type ReportType } from '#libs/contracts';
import { CommandClient, CommandFailedError } from '#libs/messaging';
import { generateKey } from '#libs/secrets';
import { startService, type RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { reportingService } from '../reporting.service-definition.js';
import { daysFromToday, EventPublisher, inGuideOrder, licenseLines, plmInventory, SAMPLE, SAMPLE_PLM, SERVICE_INVENTORY_FORMATS, summarySections } from './reporting-events.fixture.js';

const FOUNDATION = 'HCS Cisco UCM Foundation License';
const STANDARD = 'HCS Cisco UCM Standard License';

describe('reporting: read models, Subscription Mapper, reports, dashboard, jobs', () => {
  let env: TestEnvironment;
  let service: RunningService<unknown>;
  let events: EventPublisher;
  let commands: CommandClient;

  const count = async (sql: string): Promise<number> => Number(((await service.dataSource.query(sql)) as { n: number }[])[0]!.n);

  const failure = async (promise: Promise<unknown>): Promise<CommandFailedError['error']> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof CommandFailedError) return error.error;
      throw error;
    }
    throw new Error('the command succeeded');
  };

  const generate = async (type: ReportType): Promise<{ run: ReportRun; content: Buffer }> => {
    const requested = await commands.request(ReportingCommands.requestReport, { type });
    const run = await eventually(async () => {
      const r = await commands.request(ReportingCommands.getReport, { id: requested.id });
      return r.status === 'Succeeded' || r.status === 'Failed' ? r : undefined;
    }, { what: `${type} report` });
    expect(run).toMatchObject({ status: 'Succeeded' });
    const parts: Buffer[] = [];
    for (let seq = 0; ; seq++) {
      const chunk = await commands.request(ReportingCommands.readReportChunk, { id: run.id, seq });
      parts.push(Buffer.from(chunk.data, 'base64'));
      if (chunk.last) break;
    }
    return { run, content: Buffer.concat(parts) };
  };

  const parseCsv = (text: string): string[][] =>
    text.split('\r\n').filter(Boolean).map((line) => {
      const out: string[] = [];
      let field = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i]!;
        if (quoted && c === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') {
          quoted = !quoted;
        } else if (c === ',' && !quoted) {
          out.push(field);
          field = '';
        } else {
          field += c;
        }
      }
      out.push(field);
      return out;
    });

  beforeAll(async () => {
    env = await createTestEnvironment('reporting');
    service = (await startService(reportingService, {
      env: { ...env.env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', PORT: '0', SMARTLIC_ENCRYPTION_KEYS: generateKey('test'), REPORTING_DELIVERY_TICK_MS: '0' },
      host: '127.0.0.1',
    })) as RunningService<unknown>;
    commands = service.app.get(CommandClient);
    events = await EventPublisher.connect(env.natsUrl, env.namespace);

    // The guide's Service Inventory sample as events: a CSSM and a satellite smart account, virtual-account1 in each.
    await events.publish(SyncEvents.smartAccountUpserted, {
      id: SAMPLE.cssm, name: 'smart-account', domain: SAMPLE.domain, type: 'CSSM', transportMode: 'Direct', proxy: null, satellite: null,
      operationalLicenses: { opted: false, orderedVirtualAccount: null, operationalVirtualAccount: null, autoRegistration: false },
    });
    await events.publish(SyncEvents.smartAccountUpserted, {
      id: SAMPLE.satellite, name: 'satellite', domain: SAMPLE.domain, type: 'Satellite', transportMode: 'Satellite', proxy: null,
      satellite: { host: 'satellite.example.com', port: 8443, registrationUrl: 'https://satellite.example.com/SmartTransport', localAccount: SAMPLE.localAccount },
      operationalLicenses: { opted: false, orderedVirtualAccount: null, operationalVirtualAccount: null, autoRegistration: false },
    });
    for (const [sa, type, domain] of [[SAMPLE.cssm, 'CSSM', SAMPLE.domain], [SAMPLE.satellite, 'Satellite', SAMPLE.localAccount]] as const) {
      await events.publish(SyncEvents.virtualAccountUpserted, {
        id: `${sa}-va1`, smartAccountId: sa, smartAccountName: sa, smartAccountDomain: domain, smartAccountType: type, name: SAMPLE.virtualAccount,
        description: '', accessLevel: 'ADMIN', isDefault: false,
      });
    }
    await events.publish(SyncEvents.licenseSnapshotUpdated, { smartAccountId: SAMPLE.cssm, virtualAccount: SAMPLE.virtualAccount, licenses: licenseLines(SAMPLE.cssmLicenses, SAMPLE.subscriptionId, SAMPLE.endDate) });
    await events.publish(SyncEvents.licenseSnapshotUpdated, { smartAccountId: SAMPLE.satellite, virtualAccount: SAMPLE.virtualAccount, licenses: licenseLines(SAMPLE.satelliteLicenses, SAMPLE.subscriptionId, SAMPLE.endDate) });

    // Customers C1, C2 (clusters not on smart licensing) and C3 (one cluster per smart account).
    for (const id of ['C1', 'C2', 'C3', 'C4']) await events.publish(RegistrationEvents.customerUpserted, { id, name: id });
    const cluster = (id: string, customerId: string, publisher: string, type: 'cucm' | 'cuc' = 'cucm') =>
      events.publish(RegistrationEvents.clusterUpserted, { id, customerId, name: id, type, version: '12.5.1', eligible: true, publisher, nodeCount: 2 });
    await cluster('c1-cucm', 'C1', '200.2.1.11');
    await cluster('c2-cucm', 'C2', '200.3.1.11');
    await cluster('c3-cucm-cssm', 'C3', '200.2.1.12');
    await cluster('c3-cucm-satellite', 'C3', '200.2.1.13');
    await cluster('c4-cuc', 'C4', '200.4.1.11', 'cuc');
    const assigned = (clusterId: string, smartAccountId: string) =>
      events.publish(RegistrationEvents.clusterStatusChanged, {
        clusterId, customerId: 'C3', type: 'cucm', smartAccountId, virtualAccount: SAMPLE.virtualAccount, status: 'Manually Registered',
        jobId: null, errorCode: null, statusInfo: null, recommendedAction: null, changedAt: new Date().toISOString(),
      });
    await assigned('c3-cucm-cssm', SAMPLE.cssm);
    await assigned('c3-cucm-satellite', SAMPLE.satellite);

    const usage = (clusterId: string, applicationType: 'cucm' | 'cuc', lines: [string, number][], licenseMode: 'HCS' | 'Enterprise' = 'HCS') =>
      events.publish(CaaEvents.licenseUsageReported, { clusterId, applicationType, licenseMode, collectedAt: new Date().toISOString(), usage: lines.map(([license, count]) => ({ license, count, status: null })) });
    await usage('c1-cucm', 'cucm', [[FOUNDATION, 1]]);
    await usage('c2-cucm', 'cucm', [[FOUNDATION, 2]]);
    await usage('c3-cucm-cssm', 'cucm', [['HCS Cisco UCM Essential License', 0], [FOUNDATION, 1], [STANDARD, 0]]);
    await usage('c3-cucm-satellite', 'cucm', [['HCS Cisco UCM TelePresence Room License', 0], [STANDARD, 0]]);
    await usage('c4-cuc', 'cuc', [['HCS Unity Connection Basic License', 12], ['HCS Unity Connection Fax License', 3]]);
    // Usage of a cluster the inventory does not know: kept aside, shown as unmatched.
    await usage('ghost-cluster', 'cucm', [[FOUNDATION, 7]]);

    // The guide's PLM (200.0.X.XXX) with its sample license counts, licensing one 10.x cluster of C1 and one of C2.
    const plmCluster = (clusterId: string, customerId: string, publisher: string) =>
      events.publish(RegistrationEvents.clusterUpserted, { id: clusterId, customerId, name: clusterId, type: 'cucm', version: '10.5.2', eligible: false, publisher, nodeCount: 1 });
    await plmCluster('c1-cucm-plm', 'C1', '200.2.1.21');
    await plmCluster('c2-cucm-plm', 'C2', '200.3.1.21');
    await events.publish(PlmEvents.plmInventoryReported, plmInventory(SAMPLE_PLM.id, SAMPLE_PLM.hostname, new Date().toISOString()));

    await eventually(async () => (await count('SELECT count(*) AS n FROM plm_cluster_license')) === 10 && (await count('SELECT count(*) AS n FROM license_usage')) === 10 && (await count('SELECT count(*) AS n FROM cluster WHERE virtual_account IS NOT NULL')) === 2 && (await count('SELECT count(*) AS n FROM va_license')) === 10 && (await count("SELECT count(*) AS n FROM cluster WHERE version <> ''")) === 7, { what: 'the read models' });
  });

  afterAll(async () => {
    await events?.close();
    await service?.close();
    await env?.cleanup();
  });

  it('produces the Service Inventory license summary in the guide\'s format (golden file)', async () => {
    const { run, content } = await generate('service-inventory');
    expect(run.fileName).toMatch(/^service-inventory-license-summary-\d{8}T\d{6}Z\.txt$/);
    const golden = readFileSync(new URL('./golden/service-inventory-summary.txt', import.meta.url), 'utf8');
    expect(content.toString('utf8')).toBe(golden);
    // A mixed estate (PLM, CSSM, satellite) in one block, every row in one of the guide's formats and in its order.
    const sections = summarySections(golden);
    expect(new Set(sections)).toEqual(new Set(SERVICE_INVENTORY_FORMATS.map(([name]) => name)));
    expect(inGuideOrder(sections)).toBe(true);
  });

  it('writes the HLM report as CSV and as a real .xlsx with the same rows, LM Name holding VA@SA', async () => {
    const csv = parseCsv((await generate('hlm-csv')).content.toString('utf8'));
    const xlsx = await generate('hlm-xlsx');
    expect(xlsx.content.subarray(0, 2).toString()).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from(xlsx.content));
    const rows: string[][] = [];
    // An empty CSV field is an absent cell in the sheet.
    workbook.getWorksheet('HLM')!.eachRow((row) => rows.push(csv[0]!.map((_, i) => {
      const value = row.getCell(i + 1).value;
      return value === null || value === undefined ? '' : String(value);
    })));
    expect(rows).toEqual(csv);
    expect(csv[0]).toContain('LM Name');
    const lm = csv[0]!.indexOf('LM Name');
    expect(csv.find((r) => r[1] === 'c3-cucm-cssm')![lm]).toBe('virtual-account1@smart-account.cisco.com');
    expect(csv.find((r) => r[1] === 'c3-cucm-satellite')![lm]).toBe('virtual-account1@local-account');
    // PLM-licensed clusters: the PLM's hostname as LM Name, no transport mode, the PLM's license mode.
    expect(csv.filter((r) => r[1] === 'c1-cucm-plm').map((r) => [r[lm], r[lm + 1], r[lm + 2], r[lm + 3], r[lm + 4]])).toEqual([
      ['200.0.X.XXX', '', 'HUCM_Basic', '0', 'HCS'], ['200.0.X.XXX', '', 'HUCM_Essential', '0', 'HCS'], ['200.0.X.XXX', '', 'HUCM_Foundation', '1', 'HCS'],
      ['200.0.X.XXX', '', 'HUCM_Standard', '0', 'HCS'], ['200.0.X.XXX', '', 'HUCM_TelePresenceRoom', '0', 'HCS'],
    ]);
    expect(csv).toHaveLength(1 + 9 + 10);
  });

  describe('Subscription Mapper', () => {
    beforeAll(async () => {
      const line = (subscriptionId: string, license: string, quantity: number, endDate: string, licenseType = 'TERM', virtualAccount: string = SAMPLE.virtualAccount) =>
        events.publish(SyncEvents.subscriptionUpserted, { subscriptionId, smartAccountId: SAMPLE.cssm, virtualAccount, license, quantity, licenseType, billingType: 'PREPAID', startDate: licenseType === 'TERM' ? daysFromToday(-300) : '', endDate: licenseType === 'TERM' ? endDate : '', status: 'ACTIVE' });
      await line('SUB-SOON', 'HCS Unity Connection Basic License', 10, daysFromToday(10));
      await line('SUB-LATER', FOUNDATION, 100, daysFromToday(200));
      await line('SUB-LATER', STANDARD, 20, daysFromToday(200));
      await line('SUB-MID', FOUNDATION, 5, daysFromToday(60));
      await line('SUB-PERP', 'HCS Cisco UCM Foundation License', 50, '', 'PERPETUAL');
      await eventually(async () => (await count('SELECT count(DISTINCT subscription_id) AS n FROM subscription_line')) === 4, { what: 'subscriptions' });
    });

    it('lists subscriptions with license details, Flex dates and the provider for perpetual licenses, sorted by end date', async () => {
      const { items, total } = await commands.request(ReportingCommands.listSubscriptions, {});
      expect(total).toBe(4);
      expect(items.map((s) => s.subscriptionId)).toEqual(['SUB-SOON', 'SUB-MID', 'SUB-LATER', 'SUB-PERP']);
      expect(items[2]).toMatchObject({ licenseCount: 120, endDate: daysFromToday(200), customerId: null, licenseModel: null, licenseDetails: [expect.objectContaining({ license: FOUNDATION, quantity: 100 }), expect.objectContaining({ license: STANDARD, quantity: 20 })] });
      expect(items[3]).toMatchObject({ perpetual: true, customerName: 'Provider', licenseModel: 'Perpetual', startDate: null, endDate: null });
      const desc = await commands.request(ReportingCommands.listSubscriptions, { order: 'desc' });
      expect(desc.items.map((s) => s.subscriptionId)).toEqual(['SUB-LATER', 'SUB-MID', 'SUB-SOON', 'SUB-PERP']);
    });

    it('filters the subscriptions expiring within N days', async () => {
      expect((await commands.request(ReportingCommands.listSubscriptions, { expiringWithinDays: 30 })).items.map((s) => s.subscriptionId)).toEqual(['SUB-SOON']);
      expect((await commands.request(ReportingCommands.listSubscriptions, { expiringWithinDays: 90 })).items.map((s) => s.subscriptionId)).toEqual(['SUB-SOON', 'SUB-MID']);
    });

    it('maps many subscriptions to one customer, one customer per subscription', async () => {
      await commands.request(ReportingCommands.mapSubscription, { subscriptionId: 'SUB-LATER', customerId: 'C3', licenseModel: 'Named User' });
      const mid = await commands.request(ReportingCommands.mapSubscription, { subscriptionId: 'SUB-MID', customerId: 'C3', licenseModel: 'Enterprise Agreement' });
      expect(mid).toMatchObject({ customerId: 'C3', customerName: 'C3', licenseModel: 'Enterprise Agreement' });
      await commands.request(ReportingCommands.mapSubscription, { subscriptionId: 'SUB-SOON', customerId: 'C4', licenseModel: 'Named User + Perpetual' });
      expect((await commands.request(ReportingCommands.listSubscriptions, { customerId: 'C3' })).items.map((s) => s.subscriptionId)).toEqual(['SUB-MID', 'SUB-LATER']);

      // Mapping again to the same customer only changes the license model.
      expect(await commands.request(ReportingCommands.mapSubscription, { subscriptionId: 'SUB-MID', customerId: 'C3', licenseModel: 'Named User' })).toMatchObject({ customerId: 'C3', licenseModel: 'Named User' });
    });

    it('refuses a second customer, an unknown customer, an unknown license model and a perpetual subscription, changing nothing', async () => {
      const before = await service.dataSource.query('SELECT * FROM subscription_mapping ORDER BY subscription_id');
      expect(await failure(commands.request(ReportingCommands.mapSubscription, { subscriptionId: 'SUB-LATER', customerId: 'C4', licenseModel: 'Named User' }))).toMatchObject({
        code: 'INVALID_REQUEST', message: expect.stringContaining('One subscription ID must be mapped to a single customer'), details: { field: 'customerId', mappedTo: 'C3' },
      });
      expect(await failure(commands.request(ReportingCommands.mapSubscription, { subscriptionId: 'SUB-LATER', customerId: 'C3-unknown', licenseModel: 'Named User' }))).toMatchObject({ code: 'INVALID_REQUEST' });
      expect(await failure(commands.send(ReportingCommands.mapSubscription, { subscriptionId: 'SUB-SOON', customerId: 'C4', licenseModel: 'Flat Rate' } as never).then((r) => {
        if (!r.ok) throw new CommandFailedError(ReportingCommands.mapSubscription.subject, r.error);
        return r;
      }).catch((e: unknown) => { throw e instanceof CommandFailedError ? e : new CommandFailedError(ReportingCommands.mapSubscription.subject, { code: 'INVALID_REQUEST', message: (e as Error).message }); }))).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('licenseModel') });
      const unknownCustomer = await failure(commands.request(ReportingCommands.mapSubscription, { subscriptionId: 'SUB-PERP', customerId: 'C4', licenseModel: 'Perpetual' }));
      expect(unknownCustomer).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('All perpetual licenses are automatically mapped to the provider') });
      expect(await failure(commands.request(ReportingCommands.mapSubscription, { subscriptionId: 'SUB-NONE', customerId: 'C4', licenseModel: 'Named User' }))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await service.dataSource.query('SELECT * FROM subscription_mapping ORDER BY subscription_id')).toEqual(before);
    });

    it('keeps the mappings through every sync', async () => {
      await events.publish(SyncEvents.subscriptionUpserted, { subscriptionId: 'SUB-LATER', smartAccountId: SAMPLE.cssm, virtualAccount: SAMPLE.virtualAccount, license: FOUNDATION, quantity: 110, licenseType: 'TERM', billingType: 'PREPAID', startDate: daysFromToday(-300), endDate: daysFromToday(200), status: 'ACTIVE' });
      await events.publish(SyncEvents.subscriptionRemoved, { subscriptionId: 'SUB-MID', smartAccountId: SAMPLE.cssm, virtualAccount: SAMPLE.virtualAccount, license: FOUNDATION });
      const after = await eventually(async () => {
        const { items } = await commands.request(ReportingCommands.listSubscriptions, { customerId: 'C3' });
        return items.find((s) => s.subscriptionId === 'SUB-LATER')?.licenseCount === 130 && items.length === 2 && items.find((s) => s.subscriptionId === 'SUB-MID')?.licenseDetails.length === 0 ? items : undefined;
      }, { what: 'the synced subscription' });
      expect(after.map((s) => [s.subscriptionId, s.customerId])).toEqual([['SUB-LATER', 'C3'], ['SUB-MID', 'C3']]);
      // SUB-MID comes back with the next sync: still mapped to C3.
      await events.publish(SyncEvents.subscriptionUpserted, { subscriptionId: 'SUB-MID', smartAccountId: SAMPLE.cssm, virtualAccount: SAMPLE.virtualAccount, license: FOUNDATION, quantity: 5, licenseType: 'TERM', billingType: 'PREPAID', startDate: daysFromToday(-300), endDate: daysFromToday(60), status: 'ACTIVE' });
      await eventually(async () => (await commands.request(ReportingCommands.listSubscriptions, { customerId: 'C3' })).items.find((s) => s.subscriptionId === 'SUB-MID')?.licenseCount === 5, { what: 'SUB-MID back' });
    });

    it('Flex Usage report: ordered per subscription, consumed, true forward, compliance, unmatched usage', async () => {
      const rows = parseCsv((await generate('flex-usage')).content.toString('utf8'));
      const header = rows[0]!;
      const col = (name: string) => header.indexOf(name);
      const pick = (r: string[]) => [r[col('Customer ID')], r[col('Subscription ID')], r[col('License Type')], r[col('Ordered')], r[col('Consumed')], r[col('True Forward')], r[col('Compliance')]];
      // C3 orders 115 Foundation (SUB-MID 5 ends first, SUB-LATER 110) and 20 Standard; consumes 1 Foundation.
      expect(rows.filter((r) => r[0] === 'C3').map(pick)).toEqual([
        ['C3', 'SUB-MID', 'HUCM_Foundation', '5', '1', '0', 'In Compliance'],
        ['C3', 'SUB-LATER', 'HUCM_Foundation', '110', '0', '0', 'In Compliance'],
        ['C3', 'SUB-LATER', 'HUCM_Standard', '20', '0', '0', 'In Compliance'],
      ]);
      // C4 orders 10 Unity Connection Basic and consumes 12: 2 true forward. Its fax usage has no HCS mapping.
      expect(rows.filter((r) => r[0] === 'C4').map(pick)).toEqual([
        ['C4', 'SUB-SOON', 'HCUC_BasicMessaging', '10', '12', '2', 'Out of Compliance'],
        ['C4', '~', '~', '0', '3', '0', 'Unmatched'],
      ]);
      expect(rows.find((r) => r[0] === 'C4' && r[col('Compliance')] === 'Unmatched')![col('Note')]).toContain('unknown license type "HCS Unity Connection Fax License"');
      // C1 ordered nothing and consumed 1 Foundation.
      expect(rows.filter((r) => r[0] === 'C1').map(pick)).toEqual([['C1', '~', 'HUCM_Foundation', '0', '1', '1', 'Out of Compliance']]);
      const ghost = rows.find((r) => r[col('Note')]?.includes('ghost-cluster'))!;
      expect(pick(ghost)).toEqual(['~', '~', '~', '0', '7', '0', 'Unmatched']);
    });

    it('license dashboard per virtual account and per customer', async () => {
      const va = await commands.request(ReportingCommands.licenseDashboard, { level: 'virtual-account' });
      const cssm = va.items.find((i) => i.id === `${SAMPLE.cssm}/${SAMPLE.virtualAccount}`)!;
      expect(va.items.find((i) => i.licensedBy === 'PLM')).toMatchObject({ id: `plm/${SAMPLE_PLM.id}`, name: '200.0.X.XXX', entitlement: 287030, consumption: 2, headroom: 287028, compliance: 'In Compliance' });
      expect(va.totals).toEqual({ PLM: { items: 1, entitlement: 287030, consumption: 2, headroom: 287028 }, Smart: { items: 2, entitlement: 172020 + 115010, consumption: 2, headroom: 172018 + 115010 } });
      expect(cssm).toMatchObject({ licensedBy: 'Smart', name: 'virtual-account1@smart-account.cisco.com', entitlement: 172020, consumption: 2, headroom: 172018, compliance: 'In Compliance', subscriptionsExpiringSoon: 1 });
      expect(va.items.find((i) => i.name === 'virtual-account1@local-account')).toMatchObject({ entitlement: 115010, consumption: 0 });

      const customers = await commands.request(ReportingCommands.licenseDashboard, { level: 'customer', expiringWithinDays: 90 });
      expect(customers.items.find((i) => i.id === 'C4')).toMatchObject({ entitlement: 10, consumption: 12, headroom: -2, compliance: 'Out of Compliance', subscriptionsExpiringSoon: 1 });
      expect(customers.items.find((i) => i.id === 'C3')).toMatchObject({ entitlement: 135, consumption: 1, headroom: 134, compliance: 'In Compliance', subscriptionsExpiringSoon: 1 });
      // C1 on both: its smart row and its PLM row, whose headroom is what the PLM has left of each license.
      expect(customers.items.filter((i) => i.name === 'C1').map((i) => [i.licensedBy, i.id])).toEqual([['Smart', 'C1'], ['PLM', `plm/${SAMPLE_PLM.id}/C1`]]);
      const c1plm = customers.items.find((i) => i.id === `plm/${SAMPLE_PLM.id}/C1`)!;
      expect(c1plm).toMatchObject({ licensedBy: 'PLM', consumption: 1, compliance: 'In Compliance' });
      expect(c1plm.licenses.find((l) => l.license === 'HUCM_Foundation')).toEqual({ license: 'HUCM_Foundation', entitlement: 45999, consumption: 1, headroom: 45998, compliance: 'In Compliance' });
      expect(customers.totals.PLM).toEqual({ items: 2, entitlement: 287030, consumption: 2, headroom: 287028 });
    });
  });

  it('lists every service\'s jobs in one view, report generation included', async () => {
    const job = (id: string, service: string, status: 'In Progress' | 'Succeeded', initiatedAt: string) => ({
      id, service, jobType: service === 'sync' ? 'Smart Account Sync' : 'Assign Cluster', entityType: service === 'sync' ? 'Smart Account' : 'Cluster', entityId: id,
      entityName: id, status, description: '', statusInfo: null, errorCode: null, recommendedAction: null, initiatedAt, completedAt: null, correlationId: null,
    });
    await events.publish(JobEvents.updated, job('sync-job-1', 'sync', 'In Progress', '2030-01-01T00:00:00.000Z'), new Date(Date.now() - 1000));
    await events.publish(JobEvents.updated, job('sync-job-1', 'sync', 'Succeeded', '2030-01-01T00:00:00.000Z'));
    await events.publish(JobEvents.updated, job('reg-job-1', 'registration', 'In Progress', '2030-01-01T00:01:00.000Z'));
    const all = await eventually(async () => {
      const r = await commands.request(ReportingCommands.listJobs, {});
      return r.items.some((j) => j.id === 'sync-job-1' && j.status === 'Succeeded') && r.items.some((j) => j.id === 'reg-job-1') && r.items.some((j) => j.service === 'reporting') ? r : undefined;
    }, { what: 'jobs of sync, registration and reporting' });
    expect(all.items.slice(0, 2).map((j) => j.id)).toEqual(['reg-job-1', 'sync-job-1']);
    expect(all.items.filter((j) => j.service === 'reporting').every((j) => j.jobType === 'Report Generation' && j.status === 'Succeeded')).toBe(true);
    expect((await commands.request(ReportingCommands.listJobs, { service: 'sync' })).items.map((j) => j.id)).toEqual(['sync-job-1']);
  });
});
