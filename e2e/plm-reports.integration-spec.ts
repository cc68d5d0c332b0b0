import { PlmEvents, RegistrationEvents, SyncEvents } from '#libs/contracts';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { EventPublisher, inGuideOrder, licenseLines, plmInventory, SAMPLE, summarySections } from '../services/reporting/src/__tests__/reporting-events.fixture.js';
import { reportConsistency } from '../tools/demo/report-consistency.js';
import { startServices, stopServices, testToken } from './support/start-services.js';

/**
 * Issue 17.5: registration's PLM events in, PLM rows out of the reports and the dashboard, through the gateway. The
 * events are published as registration's outbox relay publishes them (envelope, Nats-Msg-Id).
 */
describe('PLM in the reports (Service Inventory, HLM, license dashboard)', () => {
  let env: TestEnvironment;
  let services: Awaited<ReturnType<typeof startServices>>;
  let events: EventPublisher;
  let operator: string;
  let viewer: string;

  const api = async (path: string, token: string, init: RequestInit = {}) => {
    const res = await fetch(`${services.gateway!.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    const text = await res.text();
    return { status: res.status, text, body: text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const report = async (type: 'service-inventory' | 'hlm-csv' | 'flex-usage'): Promise<string> => {
    const requested = await api('/reports', operator, { method: 'POST', body: JSON.stringify({ type }) });
    expect(requested.status).toBe(202);
    const id = requested.body!.id as string;
    await eventually(async () => (await api(`/reports/${id}`, viewer)).body?.status === 'Succeeded', { what: `the ${type} report` });
    return (await api(`/reports/${id}/content`, viewer)).text;
  };
  const rows = (text: string, section: string) => text.split('\n').filter((l) => l.startsWith(`|SUMMARY|${section}|`));
  type DashboardItem = { id: string; name: string; licensedBy: string; entitlement: number; consumption: number; headroom: number; compliance: string; licenses: { license: string; headroom: number }[] };
  const dashboard = async (level: string) => (await api(`/dashboard/licenses?level=${level}`, viewer)).body as { items: DashboardItem[]; totals: Record<string, { items: number; entitlement: number; consumption: number }> };
  const plmClusters = async () => ((await dashboard('customer')).items).filter((i) => i.licensedBy === 'PLM').map((i) => i.id).sort();
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

  beforeAll(async () => {
    env = await createTestEnvironment('e2eplmrep');
    services = await startServices(env, ['reporting', 'gateway'], { REPORTING_DELIVERY_TICK_MS: '0' });
    events = await EventPublisher.connect(env.natsUrl, env.namespace);
    operator = await testToken(['operator']);
    viewer = await testToken(['viewer']);

    // Smart licensing: a CSSM virtual account with one 12.5 cluster of customer C3 assigned to it.
    await events.publish(SyncEvents.smartAccountUpserted, {
      id: SAMPLE.cssm, name: 'smart-account', domain: SAMPLE.domain, type: 'CSSM', transportMode: 'Direct', proxy: null, satellite: null,
      operationalLicenses: { opted: false, orderedVirtualAccount: null, operationalVirtualAccount: null, autoRegistration: false },
    });
    await events.publish(SyncEvents.licenseSnapshotUpdated, { smartAccountId: SAMPLE.cssm, virtualAccount: SAMPLE.virtualAccount, licenses: licenseLines(SAMPLE.cssmLicenses, SAMPLE.subscriptionId, SAMPLE.endDate) });
    for (const id of ['C1', 'C2', 'C3']) await events.publish(RegistrationEvents.customerUpserted, { id, name: `Customer ${id}` });
    await events.publish(RegistrationEvents.clusterUpserted, { id: 'c3-cucm', customerId: 'C3', name: 'c3-cucm', type: 'cucm', version: '12.5.1', eligible: true, publisher: '200.2.1.12', nodeCount: 2 });
    await events.publish(RegistrationEvents.clusterStatusChanged, {
      clusterId: 'c3-cucm', customerId: 'C3', type: 'cucm', smartAccountId: SAMPLE.cssm, virtualAccount: SAMPLE.virtualAccount, status: 'Manually Registered',
      jobId: null, errorCode: null, statusInfo: null, recommendedAction: null, changedAt: new Date().toISOString(),
    });

    // PLM: two pre-12.5 clusters of C1 and C2 on plm-a, as registration reports them after an audit (the PLM's report
    // says 10.5.2: its version is the one the PLMINF0 rows show).
    for (const [id, customerId, publisher] of [['c1-cucm', 'C1', '200.2.1.11'], ['c2-cucm', 'C2', '200.3.1.11']] as const) {
      await events.publish(RegistrationEvents.clusterUpserted, { id, customerId, name: id, type: 'cucm', version: '11.5.1', eligible: false, publisher, nodeCount: 1 });
    }
    await events.publish(PlmEvents.plmInventoryReported, plmInventory('plm-a', 'plm-a.example.com', minutesAgo(10), [['c1-cucm', 'C1'], ['c2-cucm', 'C2']]));
    await eventually(async () => (await plmClusters()).length === 2 && (await dashboard('virtual-account')).items.length === 2, { what: 'the PLM and smart read models' });
  });

  afterAll(async () => {
    await events?.close();
    await stopServices(services ?? {});
    await env?.cleanup();
  });

  it('Service Inventory: PLMINF0 and CUSTLICENSEINF0 rows with the PLM hostname, beside the smart rows, in one block of the guide\'s formats', async () => {
    const text = await report('service-inventory');
    const sections = summarySections(text);
    expect(inGuideOrder(sections)).toBe(true);
    expect(rows(text, 'PLMINF0')).toContain('|SUMMARY|PLMINF0|plm-a.example.com|HUCM|10|HUCM_Foundation|46000|2|45998|VALID|');
    expect(rows(text, 'PLMINF0')).toHaveLength(10);
    expect(rows(text, 'CUSTLICENSEINF0')).toContain('|SUMMARY|CUSTLICENSEINF0|plm-a.example.com|~|~|Customer C2|HUCM|200.3.1.11|HUCM_Foundation|1|');
    expect(rows(text, 'CUSTLICENSEINF0')).toHaveLength(10);
    expect(rows(text, 'PLMINFO').length).toBeGreaterThan(0);
    expect(rows(text, 'SITELICENSEINFO')).toEqual(['|SUMMARY|SITELICENSEINFO|~|~|Customer C1|~|HCS Foundation|1|', '|SUMMARY|SITELICENSEINFO|~|~|Customer C2|~|HCS Foundation|1|']);
  });

  it('HLM: LM Name is the PLM hostname for PLM clusters', async () => {
    const lines = (await report('hlm-csv')).split('\r\n').filter(Boolean).map((l) => l.split(','));
    const lm = lines[0]!.indexOf('LM Name');
    expect(new Set(lines.filter((l) => l[1] === 'c1-cucm').map((l) => l[lm]))).toEqual(new Set(['plm-a.example.com']));
  });

  it('license dashboard: PLM and Smart rows labelled, with totals per kind', async () => {
    const lms = await dashboard('virtual-account');
    expect(lms.items.map((i) => [i.licensedBy, i.name])).toEqual([['PLM', 'plm-a.example.com'], ['Smart', 'virtual-account1@smart-account.cisco.com']]);
    expect(lms.totals.PLM).toEqual({ items: 1, entitlement: 287030, consumption: 2, headroom: 287028 });
    const customers = await dashboard('customer');
    expect(customers.items.filter((i) => i.licensedBy === 'PLM').map((i) => [i.id, i.name, i.consumption])).toEqual([['plm/plm-a/C1', 'Customer C1', 1], ['plm/plm-a/C2', 'Customer C2', 1]]);
  });

  it('the demo\'s report check counts the PLM rows and finds the three reports consistent', async () => {
    const texts = new Map<string, string>();
    for (const type of ['service-inventory', 'hlm-csv', 'flex-usage'] as const) texts.set(type, await report(type));
    const sut = reportConsistency(texts, ['c1-cucm', 'c2-cucm']);
    expect(sut.problems).toEqual([]);
    expect(sut.plm).toEqual({ licenseManagers: 1, plmInfoLines: 10, clusters: 2, custLicenseLines: 10 });
    expect(sut.summary).toContain('PLM: 2 clusters on 1 License Manager(s), 10 PLMINF0 and 10 CUSTLICENSEINF0 lines, 2 licenses in HLM and Service Inventory');
  });

  it('keeps the latest report per License Manager: a newer one replaces all, an older one delivered later changes nothing', async () => {
    await events.publish(PlmEvents.plmInventoryReported, plmInventory('plm-a', 'plm-a.example.com', minutesAgo(5), [['c2-cucm', 'C2']]));
    await eventually(async () => JSON.stringify(await plmClusters()) === JSON.stringify(['plm/plm-a/C2']), { what: 'the newer report' });
    await events.publish(PlmEvents.plmInventoryReported, plmInventory('plm-a', 'plm-a.example.com', minutesAgo(20), [['c1-cucm', 'C1']]));
    // A marker consumed after it (same consumer, in order): once plm-m shows, the older report has been handled.
    await events.publish(PlmEvents.plmInventoryReported, plmInventory('plm-m', 'plm-m.example.com', minutesAgo(1), []));
    await eventually(async () => (await dashboard('virtual-account')).items.some((i) => i.name === 'plm-m.example.com'), { what: 'plm-m' });
    expect(await plmClusters()).toEqual(['plm/plm-a/C2']);
    expect(rows(await report('service-inventory'), 'CUSTLICENSEINF0').every((r) => r.includes('|Customer C2|'))).toBe(true);
  });

  it('drops a removed License Manager, and a late report of it does not bring it back', async () => {
    await events.publish(PlmEvents.plmInventoryReported, plmInventory('plm-b', 'plm-b.example.com', minutesAgo(3), [['c1-cucm', 'C1']]));
    await eventually(async () => (await dashboard('virtual-account')).items.some((i) => i.name === 'plm-b.example.com'), { what: 'plm-b' });
    await events.publish(PlmEvents.licenseManagerRemoved, { licenseManagerId: 'plm-b' });
    await eventually(async () => !(await dashboard('virtual-account')).items.some((i) => i.name === 'plm-b.example.com'), { what: 'plm-b removed' });
    // Reported before the removal, delivered after it.
    await events.publish(PlmEvents.plmInventoryReported, plmInventory('plm-b', 'plm-b.example.com', minutesAgo(2), [['c1-cucm', 'C1']]), new Date(Date.now() - 120_000));
    // A marker event consumed after it: the late report has been applied (or not) once plm-c shows.
    await events.publish(PlmEvents.plmInventoryReported, plmInventory('plm-c', 'plm-c.example.com', minutesAgo(1), []));
    await eventually(async () => (await dashboard('virtual-account')).items.some((i) => i.name === 'plm-c.example.com'), { what: 'plm-c' });
    expect((await dashboard('virtual-account')).items.filter((i) => i.licensedBy === 'PLM').map((i) => i.name)).toEqual(['plm-a.example.com', 'plm-c.example.com', 'plm-m.example.com']);
    expect(rows(await report('service-inventory'), 'PLMINF0').some((r) => r.includes('plm-b'))).toBe(false);
  });
});
