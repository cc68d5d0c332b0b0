import { CaaEvents, JobEvents, RegistrationEvents, SyncEvents } from '#libs/contracts';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { daysFromToday, EventPublisher } from '../services/reporting/src/__tests__/reporting-events.fixture.js';
import { startServices, stopServices, testToken } from './support/start-services.js';

/** An operator maps subscriptions, requests a report as a job and downloads it, all through the gateway. */
describe('reporting through the gateway', () => {
  let env: TestEnvironment;
  let services: Awaited<ReturnType<typeof startServices>>;
  let events: EventPublisher;
  let operator: string;
  let viewer: string;

  const api = async (path: string, token: string, init: RequestInit = {}) => {
    const res = await fetch(`${services.gateway!.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const map = (subscriptionId: string, body: unknown, token = operator) => api(`/subscriptions/${subscriptionId}/mapping`, token, { method: 'PUT', body: JSON.stringify(body) });

  beforeAll(async () => {
    env = await createTestEnvironment('e2ereport');
    services = await startServices(env, ['reporting', 'gateway'], { REPORTING_DELIVERY_TICK_MS: '0' });
    events = await EventPublisher.connect(env.natsUrl, env.namespace);
    operator = await testToken(['operator']);
    viewer = await testToken(['viewer']);
    for (const id of ['cust-a', 'cust-b']) await events.publish(RegistrationEvents.customerUpserted, { id, name: `Customer ${id}` });
    for (const [subscriptionId, end] of [['SUB-1', 20], ['SUB-2', 400]] as const) {
      await events.publish(SyncEvents.subscriptionUpserted, { subscriptionId, smartAccountId: 'sa-1', virtualAccount: 'va-hcs-ordered', license: 'HCS Cisco UCM Foundation License', quantity: 10, licenseType: 'TERM', billingType: 'PREPAID', startDate: daysFromToday(-10), endDate: daysFromToday(end), status: 'ACTIVE' });
    }
    await eventually(async () => (await api('/subscriptions', viewer)).body?.total === 2, { what: 'subscriptions in the mapper' });
    await eventually(async () => {
      const res = await map('SUB-1', { customerId: 'cust-a', licenseModel: 'Named User' });
      return res.status === 200 ? res : undefined;
    }, { what: 'customers in the read model' });
  });

  afterAll(async () => {
    await events?.close();
    await stopServices(services ?? {});
    await env?.cleanup();
  });

  it('lists subscriptions by end date and those expiring within N days', async () => {
    const all = await api('/subscriptions?sort=endDate', viewer);
    expect((all.body!.items as { subscriptionId: string; customerId: string | null }[]).map((s) => [s.subscriptionId, s.customerId])).toEqual([['SUB-1', 'cust-a'], ['SUB-2', null]]);
    const soon = await api('/subscriptions?expiringWithinDays=30', viewer);
    expect((soon.body!.items as { subscriptionId: string }[]).map((s) => s.subscriptionId)).toEqual(['SUB-1']);
  });

  it('answers bad mappings with a 400 naming the rule, and changes nothing', async () => {
    const second = await map('SUB-1', { customerId: 'cust-b', licenseModel: 'Named User' });
    expect(second.status).toBe(400);
    expect(second.headers.get('content-type')).toContain('application/problem+json');
    expect(second.body!.detail).toContain('One subscription ID must be mapped to a single customer');
    const unknown = await map('SUB-2', { customerId: 'nobody', licenseModel: 'Named User' });
    expect(unknown.status).toBe(400);
    expect(unknown.body!.detail).toContain('customer nobody does not exist');
    const model = await map('SUB-2', { customerId: 'cust-b', licenseModel: 'Pay As You Go' });
    expect(model.status).toBe(400);
    expect(model.body!.errors).toEqual([{ field: 'licenseModel', message: expect.stringContaining('Perpetual, Named User, Named User + Perpetual, Enterprise Agreement') }]);
    expect((await map('SUB-2', { customerId: 'cust-b', licenseModel: 'Named User' }, viewer)).status).toBe(403);
    const after = await api('/subscriptions', viewer);
    expect((after.body!.items as { subscriptionId: string; customerId: string | null }[]).map((s) => [s.subscriptionId, s.customerId])).toEqual([['SUB-1', 'cust-a'], ['SUB-2', null]]);
  });

  it('generates a report as a job and streams it for download', async () => {
    const requested = await api('/reports', operator, { method: 'POST', body: JSON.stringify({ type: 'flex-usage' }) });
    expect(requested.status).toBe(202);
    const id = requested.body!.id as string;
    await eventually(async () => (await api(`/reports/${id}`, viewer)).body?.status === 'Succeeded', { what: 'the report job' });
    const content = await api(`/reports/${id}/content`, viewer);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-disposition')).toMatch(/^attachment; filename="flex-usage-report-\d{8}T\d{6}Z\.csv"$/);
    expect(content.text.split('\r\n')[1]).toBe('cust-a,Customer cust-a,SUB-1,Named User,' + daysFromToday(20) + ',HUCM,HUCM_Foundation,HCS Cisco UCM Foundation License,10,0,0,In Compliance,');
    expect((await api('/reports', operator, { method: 'POST', body: JSON.stringify({ type: 'pdf' }) })).status).toBe(400);
  });

  it('shows the license dashboard per customer and refuses an unknown level', async () => {
    const dashboard = await api('/dashboard/licenses?level=customer', viewer);
    expect(dashboard.status).toBe(200);
    expect((dashboard.body!.items as { id: string }[]).find((i) => i.id === 'cust-a')).toMatchObject({ entitlement: 10, consumption: 0, headroom: 10, compliance: 'In Compliance', subscriptionsExpiringSoon: 1 });
    expect((await api('/dashboard/licenses?level=planet', viewer)).status).toBe(400);
  });

  it("shows a customer's purchased vs consumed over time, and refuses a missing id or a bad window naming the parameter", async () => {
    await events.publish(RegistrationEvents.clusterUpserted, { id: 'cl-a', customerId: 'cust-a', name: 'cl-a', type: 'cucm', version: '12.5.1', eligible: true, publisher: '10.0.0.1', nodeCount: 1 });
    await eventually(async () => (await services.reporting!.dataSource.query("SELECT 1 FROM cluster WHERE id = 'cl-a'")).length === 1, { what: 'the cluster' });
    const collectedAt = new Date().toISOString();
    await events.publish(CaaEvents.licenseUsageReported, { clusterId: 'cl-a', applicationType: 'cucm', licenseMode: 'HCS', collectedAt, usage: [{ license: 'HCS Cisco UCM Foundation License', count: 4, status: null }] });
    const history = await eventually(async () => {
      const res = await api('/dashboard/licenses/history?level=customer&id=cust-a&days=30', viewer);
      // The mapping of SUB-1 made today's point (purchased 10); the usage report completes it.
      return (res.body?.points as { consumed: number }[] | undefined)?.[0]?.consumed === 4 ? res : undefined;
    }, { what: "the usage in today's point" });
    expect(history.body).toEqual({
      level: 'customer', id: 'cust-a', name: 'Customer cust-a', days: 30,
      points: [{ day: collectedAt.slice(0, 10), purchased: 10, consumed: 4, licenses: [{ license: 'HCS Cisco UCM Foundation License', purchased: 10, consumed: 4 }] }],
    });
    expect((await api('/dashboard/licenses/history?level=customer&id=nobody', viewer)).body).toMatchObject({ name: null, days: 90, points: [] });
    const missing = await api('/dashboard/licenses/history?level=customer', viewer);
    expect(missing).toMatchObject({ status: 400, body: { errors: [{ field: 'query.id' }] } });
    expect((await api('/dashboard/licenses/history?id=cust-a&days=0', viewer)).body).toMatchObject({ status: 400, errors: [{ field: 'query.days' }] });
  });

  it('GET /customers lists the customers by name, filtered by a part of it', async () => {
    expect((await api('/customers', viewer)).body).toEqual({ total: 2, items: [{ id: 'cust-a', name: 'Customer cust-a' }, { id: 'cust-b', name: 'Customer cust-b' }] });
    expect((await api('/customers?name=T-B&limit=5', viewer)).body).toEqual({ total: 1, items: [{ id: 'cust-b', name: 'Customer cust-b' }] });
    expect((await api('/customers?limit=0', viewer)).body).toMatchObject({ status: 400, errors: [{ field: 'query.limit' }] });
  });

  it('GET /jobs lists every service\'s jobs in one list (HCM-F: Administration > Jobs), filtered by service', async () => {
    const now = new Date().toISOString();
    await events.publish(JobEvents.updated, { id: 'sync-job-1', service: 'sync', jobType: 'Smart Account Sync', entityType: 'Smart Account', entityId: 'sa-1', entityName: 'hcs-sp.example.com', status: 'Failed', description: 'Smart Account Sync', statusInfo: 'CSSM1011: CSSM API Authentication Failed Error', errorCode: 'CSSM1011', recommendedAction: 'Reconfigure client ID and Secret, and perform Smart Account Sync', initiatedAt: now, completedAt: now, correlationId: null });
    const all = await eventually(async () => {
      const res = await api('/jobs', viewer);
      const items = (res.body?.items ?? []) as { id: string; service: string }[];
      return items.some((j) => j.id === 'sync-job-1') ? items : undefined;
    }, { what: 'the sync job in GET /jobs' });
    expect(all.map((j) => j.service)).toEqual(expect.arrayContaining(['sync', 'reporting']));
    const sync = (await api('/jobs?service=sync&status=Failed', viewer)).body as { items: { id: string; errorCode: string; recommendedAction: string }[] };
    expect(sync.items).toEqual([expect.objectContaining({ id: 'sync-job-1', errorCode: 'CSSM1011', recommendedAction: 'Reconfigure client ID and Secret, and perform Smart Account Sync' })]);
  });
});
