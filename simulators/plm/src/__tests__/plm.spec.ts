import { Agent, request } from 'undici';
import { PLM_MAX_CLUSTERS, PLM_UNSUPPORTED_VERSION_MESSAGE, plmApiPrefix, startPlmSimulator, type PlmScenario, type PlmSimulator } from '../index.js';

const OS_ADMIN = { username: 'osadmin', password: 'plm-os-pw' };
const HCS_PLM = '127.30.0.1';
const FRESH_PLM = '127.30.0.2';
const OLD_PLM = '127.30.0.3';

const scenario: PlmScenario = {
  plms: [
    {
      address: HCS_PLM,
      version: '11.5.1.12000-1',
      osAdmin: OS_ADMIN,
      licenses: { HUCM_Foundation: 100, HUCM_Standard: 20, HCUC_BasicMessaging: 50 },
      clusterUsage: { 'cucm-c1': { HUCM_Foundation: 30, HUCM_Standard: 25 } },
    },
    { address: FRESH_PLM, osAdmin: OS_ADMIN },
    { address: OLD_PLM, version: '10.5.2.10000-5', osAdmin: OS_ADMIN, licenses: { HCER_User: 10 } },
  ],
};

const basic = (c: { username: string; password: string }) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

describe('PLM simulator', () => {
  let sim: PlmSimulator;
  let dispatcher: Agent;

  const call = async (address: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, credentials = OS_ADMIN) => {
    const res = await request(`${sim.plmUrl(address)}${path}`, {
      method,
      dispatcher,
      headers: { authorization: basic(credentials), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const admin = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => {
    const res = await request(`${sim.url}${path}`, {
      method,
      dispatcher,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  };
  const v2 = plmApiPrefix('v2');

  beforeEach(async () => {
    sim = await startPlmSimulator({ scenario });
    dispatcher = new Agent({ connect: { ca: sim.caPem } });
  });
  afterEach(async () => {
    await dispatcher.close();
    await sim.close();
  });

  it('serves HTTPS and answers the about resource with version, API versions, deployment mode and demo mode', async () => {
    expect(sim.url).toMatch(/^https:/);
    const about = await call(HCS_PLM, 'GET', '/elm-resources');
    expect(about).toMatchObject({ status: 200, body: { version: '11.5.1.12000-1', apiVersions: ['v1', 'v2'], deploymentMode: 'Enterprise', demoMode: false } });
    const old = await call(OLD_PLM, 'GET', '/elm-resources');
    expect(old.body).toMatchObject({ version: '10.5.2.10000-5', apiVersions: ['v1'] });
    expect((await call(OLD_PLM, 'GET', `${v2}/licenses`)).status).toBe(404);
    expect((await call(OLD_PLM, 'GET', `${plmApiPrefix('v1')}/licenses`)).status).toBe(200);
  });

  it('refuses other credentials than the OS admin account, also after the password is changed on the PLM', async () => {
    const wrong = await call(HCS_PLM, 'GET', '/elm-resources', undefined, { username: 'osadmin', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Basic realm="Cisco Prime License Manager"');
    expect(wrong.body).toMatchObject({ code: 'NOT_AUTHORIZED' });
    expect((await admin('PUT', `/__admin/plms/${HCS_PLM}/os-admin-password`, { password: 'changed' })).status).toBe(200);
    expect((await call(HCS_PLM, 'GET', '/elm-resources')).status).toBe(401);
    expect((await call(HCS_PLM, 'GET', '/elm-resources', undefined, { ...OS_ADMIN, password: 'changed' })).status).toBe(200);
  });

  it('resets the connection of a request to an address where no PLM runs (unreachable)', async () => {
    // Same certificate check as a known PLM (the name is accepted) so that only the reset can fail the request.
    const lenient = new Agent({ connect: { ca: sim.caPem, checkServerIdentity: () => undefined } });
    try {
      const attempt = request(`${sim.plmUrl('127.30.0.99')}/elm-resources`, { dispatcher: lenient, headers: { authorization: basic(OS_ADMIN) } });
      await expect(attempt).rejects.toMatchObject({ code: expect.stringMatching(/^(ECONNRESET|UND_ERR_SOCKET)$/) });
      const known = await request(`${sim.plmUrl(HCS_PLM)}/elm-resources`, { dispatcher: lenient, headers: { authorization: basic(OS_ADMIN) } });
      expect(known.statusCode).toBe(200);
      await known.body.dump();
    } finally {
      await lenient.close();
    }
  });

  it('stays in demo mode until an HCS license is installed', async () => {
    expect((await call(FRESH_PLM, 'GET', '/elm-resources')).body).toMatchObject({ demoMode: true });
    expect((await call(FRESH_PLM, 'GET', `${v2}/licenses`)).body).toMatchObject({ demoMode: true });
    expect((await admin('POST', `/__admin/plms/${FRESH_PLM}/licenses`, { licenseType: 'HUCM_Basic', count: 5 })).status).toBe(200);
    expect((await call(FRESH_PLM, 'GET', '/elm-resources')).body).toMatchObject({ demoMode: false });
  });

  it('sets the deployment mode and refuses an unknown one naming the field', async () => {
    expect(await call(HCS_PLM, 'PUT', `${v2}/deployment-mode`, { deploymentMode: 'HCS' })).toMatchObject({ status: 200, body: { deploymentMode: 'HCS' } });
    expect((await call(HCS_PLM, 'GET', '/elm-resources')).body).toMatchObject({ deploymentMode: 'HCS' });
    const bad = await call(HCS_PLM, 'PUT', `${v2}/deployment-mode`, { deploymentMode: 'Cloud' });
    expect(bad.status).toBe(400);
    expect(String(bad.body?.message)).toContain('deploymentMode');
    expect((await call(HCS_PLM, 'GET', `${v2}/deployment-mode`)).body).toEqual({ deploymentMode: 'HCS' });
  });

  it('force-adds an 11.x cluster, reports its usage in the inventory, and removes it', async () => {
    const cluster = { name: 'cucm-c1', product: 'HUCM', version: '11.5.1.10000-6', hostname: 'cucm-c1.example.com' };
    expect((await call(HCS_PLM, 'POST', `${v2}/product-instances`, { ...cluster, force: true })).status).toBe(201);
    expect((await call(HCS_PLM, 'POST', `${v2}/product-instances`, cluster)).body).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect((await call(HCS_PLM, 'POST', `${v2}/product-instances`, { ...cluster, force: true })).status).toBe(201);

    const usage = await call(HCS_PLM, 'GET', `${v2}/product-instances/cucm-c1/usage`);
    expect(usage.body?.usage).toEqual(
      expect.arrayContaining([
        { licenseType: 'HUCM_Foundation', count: 30 },
        { licenseType: 'HUCM_Standard', count: 25 },
        { licenseType: 'HUCM_Basic', count: 0 },
      ]),
    );
    const rows = (await call(HCS_PLM, 'GET', `${v2}/licenses`)).body?.licenses as { licenseType: string }[];
    expect(rows.find((r) => r.licenseType === 'HUCM_Foundation')).toEqual({ licenseType: 'HUCM_Foundation', product: 'HUCM', installed: 100, required: 30, available: 70, status: 'VALID' });
    expect(rows.find((r) => r.licenseType === 'HUCM_Standard')).toMatchObject({ installed: 20, required: 25, available: -5, status: 'INSUFFICIENT' });
    expect((await call(HCS_PLM, 'GET', `${v2}/product-instances`)).body?.productInstances).toHaveLength(1);

    expect((await call(HCS_PLM, 'DELETE', `${v2}/product-instances/cucm-c1`)).status).toBe(204);
    expect((await call(HCS_PLM, 'DELETE', `${v2}/product-instances/cucm-c1`)).status).toBe(404);
    expect((await call(HCS_PLM, 'GET', `${v2}/licenses`)).body?.licenses).toContainEqual(expect.objectContaining({ licenseType: 'HUCM_Foundation', required: 0, available: 100 }));
  });

  it('refuses a cluster above 11.x with the guide sentence, and a body without a version naming the field', async () => {
    const refused = await call(HCS_PLM, 'POST', `${v2}/product-instances`, { name: 'cucm-new', product: 'HUCM', version: '12.5.1.11900-146', hostname: 'x', force: true });
    expect(refused).toMatchObject({ status: 422, body: { code: 'UNSUPPORTED_VERSION', message: PLM_UNSUPPORTED_VERSION_MESSAGE } });
    const bad = await call(HCS_PLM, 'POST', `${v2}/product-instances`, { name: 'cucm-new', product: 'HUCM', hostname: 'x' });
    expect(bad.status).toBe(400);
    expect(String(bad.body?.message)).toContain('version');
    expect(sim.state.get(HCS_PLM)?.clusters.size).toBe(0);
  });

  it('answers an injected fault for one PLM only and counts the calls', async () => {
    await admin('POST', '/__admin/faults', { route: 'plm.productInstances.add', target: HCS_PLM, kind: 'status', status: 503, times: 1 });
    const body = { name: 'cer-1', product: 'HCER', version: '11.5', hostname: 'cer-1', force: true };
    expect((await call(HCS_PLM, 'POST', `${v2}/product-instances`, body)).status).toBe(503);
    expect((await call(HCS_PLM, 'POST', `${v2}/product-instances`, body)).status).toBe(201);
    expect((await call(OLD_PLM, 'POST', `${plmApiPrefix('v1')}/product-instances`, body)).status).toBe(201);
    const calls = (await admin('GET', '/__admin/calls')).body.calls as Record<string, { total: number; targets: Record<string, number> }>;
    expect(calls['plm.productInstances.add']).toEqual({ total: 3, targets: { [HCS_PLM]: 2, [OLD_PLM]: 1 } });
  });

  it(`serves at most ${PLM_MAX_CLUSTERS} clusters`, async () => {
    const clusters = Array.from({ length: PLM_MAX_CLUSTERS - 1 }, (_, i) => ({ name: `cucm-${i}`, product: 'HUCM', version: '11.0.1', hostname: `h${i}` }));
    expect((await admin('POST', '/__admin/scenario', { plms: [{ address: HCS_PLM, osAdmin: OS_ADMIN, licenses: { HUCM_Basic: 1 }, clusters }] })).status).toBe(200);
    const add = (name: string) => call(HCS_PLM, 'POST', `${v2}/product-instances`, { name, product: 'HUCM', version: '10.5', hostname: name, force: true });
    expect((await add('cucm-last')).status).toBe(201);
    expect(await add('cucm-one-too-many')).toMatchObject({ status: 409, body: { code: 'CAPACITY_REACHED' } });
    // Force-adding a registered cluster again is not a new one.
    expect((await add('cucm-last')).status).toBe(201);
    expect(sim.state.get(HCS_PLM)?.clusters.size).toBe(PLM_MAX_CLUSTERS);
  });
});
