import { randomUUID } from 'node:crypto';
import { RegistrationEvents } from '#libs/contracts';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { startCssmSimulator, type CssmSimulator } from '#simulators/cssm';
import { startServices, stopServices, testToken } from './support/start-services.js';

describe('smart accounts, transport mode and Virtual Account Summary through the gateway', () => {
  let env: TestEnvironment;
  let cssm: CssmSimulator;
  let services: Awaited<ReturnType<typeof startServices>>;
  let admin: string;
  let viewer: string;
  let smartAccountId: string;

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${services.gateway.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies of many shapes, checked by the assertions
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  const config = (overrides: Record<string, unknown> = {}) => ({ domain: 'hcs-sp.example.com', clientId: 'hcmf', clientSecret: 'hcmf-secret', transportMode: 'Direct', name: 'HCS SP', ...overrides });

  beforeAll(async () => {
    env = await createTestEnvironment('smartaccounts');
    cssm = await startCssmSimulator({
      scenario: {
        smartAccounts: [
          {
            domain: 'hcs-sp.example.com',
            name: 'HCS Service Provider',
            apiClients: [{ clientId: 'hcmf', clientSecret: 'hcmf-secret' }],
            virtualAccounts: [{ name: 'va-hcs-operational', commerceAccessLevel: 'FULL', licenses: [{ license: 'HCS Cisco UCM Foundation License', licenseDetails: [{ quantity: 100, subscriptionId: 'Sub-1' }] }] }],
          },
        ],
      },
    });
    services = await startServices(env, ['sync', 'gateway']);
    admin = await testToken(['admin']);
    viewer = await testToken(['viewer']);
  });

  afterAll(async () => {
    await stopServices(services ?? {});
    await cssm?.close();
    await env?.cleanup();
  });

  it('the Transport Mode page shows Cisco defaults and takes lab URLs', async () => {
    expect((await call('GET', '/transport-mode', viewer)).body).toMatchObject({ transportMode: 'Direct', authenticationGateway: 'https://id.cisco.com/oauth2/default/v1/token' });
    const set = await call('PUT', '/transport-mode', admin, { transportMode: 'Direct', authenticationGateway: cssm.tokenUrl, cssmServer: cssm.apiBaseUrl });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ authenticationGateway: cssm.tokenUrl, cssmServer: cssm.apiBaseUrl, proxy: null });
    expect((await call('PUT', '/transport-mode', admin, { transportMode: 'Proxy' })).body.errors).toEqual([{ field: 'proxy', message: expect.stringContaining('required') }]);
  });

  it('answers 400 naming each bad field and rule, and stores nothing', async () => {
    const res = await call('POST', '/smart-accounts', admin, {
      clientId: '',
      transportMode: 'Proxy',
      authenticationGateway: 'ftp://gateway',
      proxy: { host: 'bad host!', port: 70000 },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = Object.fromEntries((res.body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]));
    expect(fields).toMatchObject({
      clientId: 'is required',
      clientSecret: expect.any(String),
      authenticationGateway: 'must be an http:// or https:// URL',
      'proxy.host': 'must be a hostname or an IP address',
      'proxy.port': 'must be an integer between 1 and 65535',
    });

    const satellite = await call('POST', '/smart-accounts', admin, {
      clientId: 'c',
      clientSecret: 's',
      transportMode: 'Satellite',
      satellite: { host: 'sat.example.com', port: 0, registrationUrl: 'https://sat.example.com/wrong/path', tokenUrl: 'not a url', localAccount: 'LA' },
    });
    const satFields = Object.fromEntries((satellite.body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]));
    expect(satFields['satellite.registrationUrl']).toMatch(/^CAA1079: Set Transport Mode failed due Invalid format of on-prem Registration url\. Please provide the valid on-prem url\./);
    expect(satFields['satellite.port']).toBe('must be an integer between 1 and 65535');
    expect(satFields['satellite.tokenUrl']).toBe('must be an http:// or https:// URL');

    expect((await call('GET', '/smart-accounts', viewer)).body.total).toBe(0);
  });

  it('a viewer cannot configure a smart account', async () => {
    expect((await call('POST', '/smart-accounts', viewer, config())).status).toBe(403);
  });

  it('saving a smart account syncs it: Smart Account Summary, Virtual Account Summary, licenses, subscriptions, sync jobs', async () => {
    const created = await call('POST', '/smart-accounts', admin, config());
    expect(created.status).toBe(201);
    smartAccountId = created.body.smartAccount.id;
    expect(created.body.smartAccount).toMatchObject({ clientSecretSet: true, authenticationGateway: cssm.tokenUrl });
    expect(JSON.stringify(created.body)).not.toContain('hcmf-secret');

    const job = await eventually(async () => {
      const jobs = await call('GET', `/smart-accounts/${smartAccountId}/sync-jobs`, viewer);
      return jobs.body.items?.[0]?.status === 'Succeeded' ? jobs.body.items[0] : undefined;
    }, { what: 'the sync job' });
    expect(job).toMatchObject({ jobType: 'Smart Account Sync', entityType: 'Smart Account', entityName: 'HCS SP', counts: { virtualAccounts: 1, licenses: 1 } });

    const summary = await call('GET', '/smart-accounts', viewer);
    expect(summary.body.items[0]).toMatchObject({ name: 'HCS SP', domain: 'hcs-sp.example.com', type: 'CSSM', status: 'Active', virtualAccounts: 1, alerts: [] });

    const vas = await call('GET', '/virtual-accounts', viewer);
    expect(vas.body.items).toEqual([expect.objectContaining({ name: 'va-hcs-operational', smartAccountName: 'HCS SP', accessLevel: 'FULL', clusters: 0, customers: 0 })]);
    const vaId = vas.body.items[0].id as string;
    expect((await call('GET', `/virtual-accounts/${vaId}/licenses`, viewer)).body.items[0]).toMatchObject({ license: 'HCS Cisco UCM Foundation License', quantity: 100 });
    expect((await call('GET', `/virtual-accounts/${vaId}/subscriptions`, viewer)).body.items[0]).toMatchObject({ subscriptionId: 'Sub-1', quantity: 100 });
    expect((await call('POST', `/smart-accounts/${smartAccountId}/sync`, viewer)).status).toBe(403);
    expect((await call('POST', `/smart-accounts/${smartAccountId}/sync`, await testToken(['operator']))).status).toBe(202);
    expect((await call('POST', '/smart-accounts', admin, config())).status).toBe(409);
  });

  it('refuses a transport change while clusters are assigned to the account (guide: unassign first), allows other edits', async () => {
    const id = randomUUID();
    const envelope = {
      id,
      type: RegistrationEvents.vaAssignmentsChanged.type,
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      correlationId: id,
      data: { smartAccountId, virtualAccount: 'va-hcs-operational', clusters: 2, customers: 1 },
    };
    const { js, subjects } = services.sync.handles;
    await js.publish(subjects.qualify(RegistrationEvents.vaAssignmentsChanged.subject), JSON.stringify(envelope), { msgID: id });
    await eventually(async () => (await call('GET', '/virtual-accounts', viewer)).body.items[0]?.clusters === 2, { what: 'clusters# from the registration event' });
    expect((await call('GET', '/virtual-accounts', viewer)).body.items[0]).toMatchObject({ clusters: 2, customers: 1 });

    const refused = await call('PUT', `/smart-accounts/${smartAccountId}`, admin, config({ transportMode: 'Proxy', proxy: { host: 'proxy.example.com', port: 3128 }, clientSecret: undefined }));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'SYNC_TRANSPORT_CHANGE_REFUSED',
      detail: expect.stringContaining('va-hcs-operational (2)'),
      recommendedAction: 'Unassign the clusters from the virtual account, change the transport mode settings, and then reassign the clusters to the virtual account.',
    });
    expect((await call('GET', `/smart-accounts/${smartAccountId}`, viewer)).body).toMatchObject({ transportMode: 'Direct', proxy: null });

    const renamed = await call('PUT', `/smart-accounts/${smartAccountId}`, admin, config({ name: 'HCS SP renamed', clientSecret: undefined }));
    expect(renamed.status).toBe(200);
    expect(renamed.body.smartAccount.name).toBe('HCS SP renamed');
    expect((await call('DELETE', `/smart-accounts/${smartAccountId}`, admin)).status).toBe(409);
  });
});
