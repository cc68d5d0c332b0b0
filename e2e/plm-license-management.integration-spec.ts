import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { PlmEvents, STREAMS } from '#libs/contracts';
import { generateProvisioningKeyPair } from '#libs/secrets';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { startPlmSimulator, type PlmSimulator } from '#simulators/plm';
import { startServices, stopServices, testToken } from './support/start-services.js';

const OS_ADMIN = { username: 'osadmin', password: 'plm-os-Secret-7' };
const HCS_PLM = '127.32.0.1';
const DEMO_PLM = '127.32.0.2';
const OTHER_PLM = '127.32.0.3';
const NOBODY = '127.32.0.99';

/** License Management through the gateway, registration and app-adapter against the simulated Prime License Managers. */
describe('PLM license management through the gateway', () => {
  let env: TestEnvironment;
  let plm: PlmSimulator;
  let services: Awaited<ReturnType<typeof startServices>>;
  let admin: string;
  let viewer: string;
  let operator: string;

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${services.gateway.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies of many shapes, checked by the assertions
    return { status: res.status, text, body: (text ? JSON.parse(text) : null) as Record<string, any> };
  };
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => services.registration!.dataSource.query(sql, params) as Promise<T[]>;
  const plmBody = (hostname: string, overrides: Record<string, unknown> = {}) => ({ hostname, port: plm.port, ...OS_ADMIN, tls: { caPem: plm.caPem }, ...overrides });

  beforeAll(async () => {
    env = await createTestEnvironment('plm');
    plm = await startPlmSimulator({
      scenario: {
        plms: [
          { address: HCS_PLM, version: '11.5.1.12000-1', osAdmin: OS_ADMIN, licenses: { HUCM_Foundation: 100, HCUC_BasicMessaging: 50 } },
          { address: DEMO_PLM, version: '11.5.1.12000-1', osAdmin: OS_ADMIN },
          { address: OTHER_PLM, version: '10.5.2.10000-5', osAdmin: OS_ADMIN, licenses: { HCER_User: 10 } },
        ],
      },
    });
    services = await startServices(env, ['app-adapter', 'registration', 'gateway'], {
      PROVISIONING_DECRYPTION_KEYS: generateProvisioningKeyPair('plm-test').privateJwks,
      CAA_CONNECT_TIMEOUT_MS: '500ms',
      CAA_READ_RETRIES: '0',
    });
    [admin, operator, viewer] = await Promise.all([testToken(['admin']), testToken(['operator']), testToken(['viewer'])]);
  });

  afterAll(async () => {
    await stopServices(services ?? {});
    await plm?.close();
    await env?.cleanup();
  });

  it('adds a licensed PLM: validated on PLM, its deployment mode set to HCS, the password sealed and never returned', async () => {
    const added = await call('POST', '/license-managers', admin, plmBody(HCS_PLM));
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ hostname: HCS_PLM, port: plm.port, username: 'osadmin', version: '11.5.1.12000-1', licenseMode: 'HCS', customers: 0, clusters: 0, capacity: 1000 });
    expect(added.text).not.toContain(OS_ADMIN.password);
    expect(plm.state.get(HCS_PLM)?.deploymentMode).toBe('HCS');

    const stored = await query<{ password_ciphertext: string }>('SELECT password_ciphertext FROM app_adapter.plm_connection WHERE license_manager_id = $1', [added.body.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.password_ciphertext).not.toContain(OS_ADMIN.password);
    expect(JSON.stringify(await query('SELECT * FROM registration.license_manager'))).not.toContain(OS_ADMIN.password);

    const got = await call('GET', `/license-managers/${added.body.id}`, viewer);
    expect(got.body).toEqual(added.body);
    const list = await call('GET', '/license-managers?limit=10', viewer);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: added.body.id, hostname: HCS_PLM }] });

    const again = await call('POST', '/license-managers', admin, plmBody(HCS_PLM.toUpperCase()));
    expect(again).toMatchObject({ status: 409, body: { code: 'LICENSE_MANAGER_EXISTS' } });
  });

  it.each([
    ['unreachable', NOBODY, { port: 1 }, 503, 'PLM_UNREACHABLE'],
    ['refusing the credentials', OTHER_PLM, { password: 'wrong-password' }, 422, 'PLM_CREDENTIALS_REFUSED'],
    ['in demo mode', DEMO_PLM, {}, 409, 'PLM_DEMO_MODE'],
  ] as const)('refuses a PLM %s with its code and action, and stores nothing', async (_what, hostname, overrides, status, code) => {
    const before = await query('SELECT id FROM registration.license_manager');
    const res = await call('POST', '/license-managers', admin, plmBody(hostname, overrides));
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ code, recommendedAction: expect.any(String) });
    expect(res.text).not.toContain(OS_ADMIN.password);
    expect(await query('SELECT id FROM registration.license_manager')).toEqual(before);
    expect(await query('SELECT license_manager_id FROM app_adapter.plm_connection WHERE hostname = $1', [hostname])).toEqual([]);
  });

  it('answers 400 naming each bad field; viewers and operators cannot add', async () => {
    const bad = await call('POST', '/license-managers', admin, { hostname: 'bad host!', port: 70000, username: '' });
    expect(bad.status).toBe(400);
    const fields = Object.fromEntries((bad.body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]));
    expect(fields).toMatchObject({ hostname: 'must be a hostname or an IP address', port: expect.stringContaining('65535'), username: 'is required', password: expect.any(String) });
    expect((await call('POST', '/license-managers', viewer, plmBody(OTHER_PLM))).status).toBe(403);
    expect((await call('POST', '/license-managers', operator, plmBody(OTHER_PLM))).status).toBe(403);
    expect((await call('GET', '/license-managers/not-a-uuid', viewer)).status).toBe(404);
    expect((await call('GET', '/license-managers/7b0e7f58-2a43-4c55-9f2c-1b7f0c1d2e3f', viewer)).body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('edits a License Manager: validated again (a wrong password refused, the stored one kept), the password optional', async () => {
    const added = await call('POST', '/license-managers', admin, plmBody(OTHER_PLM));
    expect(added.body).toMatchObject({ version: '10.5.2.10000-5', licenseMode: 'HCS' });
    const id = added.body.id as string;

    const refused = await call('PATCH', `/license-managers/${id}`, admin, { password: 'not-it' });
    expect(refused).toMatchObject({ status: 422, body: { code: 'PLM_CREDENTIALS_REFUSED' } });
    // The stored password still works: an edit without one validates with it.
    const renamed = await call('PATCH', `/license-managers/${id}`, admin, { username: 'osadmin' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.updatedAt >= added.body.updatedAt).toBe(true);

    const taken = await call('PATCH', `/license-managers/${id}`, admin, { hostname: HCS_PLM });
    expect(taken).toMatchObject({ status: 409, body: { code: 'LICENSE_MANAGER_EXISTS' } });
  });

  it('reads and changes the license mode of a standalone PLM', async () => {
    const id = (await call('GET', `/license-managers?hostname=${HCS_PLM}`, viewer)).body.items[0].id as string;
    expect((await call('GET', `/license-managers/${id}/license-mode`, viewer)).body).toEqual({ id, licenseMode: 'HCS' });

    const changed = await call('PUT', `/license-managers/${id}/license-mode`, admin, { licenseMode: 'Enterprise' });
    expect(changed).toMatchObject({ status: 200, body: { id, licenseMode: 'Enterprise', previousLicenseMode: 'HCS' } });
    expect(plm.state.get(HCS_PLM)?.deploymentMode).toBe('Enterprise');
    expect((await call('GET', `/license-managers/${id}`, viewer)).body.licenseMode).toBe('Enterprise');

    // Changed on PLM itself: the read shows PLM's mode and registration keeps it.
    plm.state.get(HCS_PLM)!.deploymentMode = 'HCS';
    expect((await call('GET', `/license-managers/${id}/license-mode`, viewer)).body.licenseMode).toBe('HCS');
    expect((await call('GET', `/license-managers/${id}`, viewer)).body.licenseMode).toBe('HCS');
    expect((await call('PUT', `/license-managers/${id}/license-mode`, admin, { licenseMode: 'Other' })).status).toBe(400);
  });

  it('deletes a License Manager: its connection goes, licenseManagerRemoved is published', async () => {
    const id = (await call('GET', `/license-managers?hostname=${OTHER_PLM}`, viewer)).body.items[0].id as string;
    expect(await call('DELETE', `/license-managers/${id}`, admin)).toMatchObject({ status: 200, body: { id } });
    expect((await call('GET', `/license-managers/${id}`, viewer)).status).toBe(404);
    expect(await query('SELECT 1 FROM app_adapter.plm_connection WHERE license_manager_id = $1', [id])).toEqual([]);
    const nc: NatsConnection = await connect({ servers: env.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const event = await eventually(async () => {
        try {
          return (await jsm.streams.getMessage(`${env.namespace}_${STREAMS.events}`, { last_by_subj: `${env.namespace}.${PlmEvents.licenseManagerRemoved.subject}` })) ?? undefined;
        } catch {
          return undefined;
        }
      }, { what: 'license-manager.removed' });
      expect(event.json<{ data: unknown }>().data).toEqual({ licenseManagerId: id });
    } finally {
      await nc.close();
    }
  });
});
