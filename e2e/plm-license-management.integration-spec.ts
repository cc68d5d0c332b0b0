import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createEnvelope, PlmEvents, ProvisioningEvents, STREAMS, type ClusterProvisioning, type ClusterSummary, type PlmInventoryReported } from '#libs/contracts';
import { generateProvisioningKeyPair } from '#libs/secrets';
import { createTestEnvironment, eventually, provisioningClusterOf, type TestEnvironment } from '#libs/testing';
import { startPlmSimulator, type PlmSimulator } from '#simulators/plm';
import type { UcClusterInput } from '#simulators/uc-apps';
import { CLIENT, DOMAIN, startRegistrationLab, ucCluster, type RegistrationLab } from './support/registration-lab.js';
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
      CAA_REBOOT_POLL_MS: '50ms',
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

  it('reads and changes the license mode of a standalone PLM through its platform (PAWS), with its restart', async () => {
    const id = (await call('GET', `/license-managers?hostname=${HCS_PLM}`, viewer)).body.items[0].id as string;
    expect((await call('GET', `/license-managers/${id}/license-mode`, viewer)).body).toEqual({ id, licenseMode: 'HCS' });

    const changed = await call('PUT', `/license-managers/${id}/license-mode`, admin, { licenseMode: 'Enterprise' });
    expect(changed).toMatchObject({ status: 200, body: { id, licenseMode: 'Enterprise', previousLicenseMode: 'HCS' } });
    expect(plm.state.get(HCS_PLM)).toMatchObject({ deploymentMode: 'Enterprise', restarts: 1 });
    expect(plm.calls.count('plm.paws.deployment-mode.set', HCS_PLM)).toBe(1);
    expect((await call('GET', `/license-managers/${id}`, viewer)).body.licenseMode).toBe('Enterprise');
    // Already in that mode: nothing is set, PLM does not restart.
    expect((await call('PUT', `/license-managers/${id}/license-mode`, admin, { licenseMode: 'Enterprise' })).body).toMatchObject({ licenseMode: 'Enterprise', previousLicenseMode: 'Enterprise' });
    expect(plm.state.get(HCS_PLM)?.restarts).toBe(1);

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

/**
 * PLM assignment in a whole lab (CSSM, UC applications, PLM simulated; every service): customers and their 11.x
 * clusters assigned to a License Manager as jobs, the wrong version refused each way, the guide's upgrade procedure
 * (unassign from PLM, upgrade to 12.5, auto-registration takes the cluster), and the 1,000-cluster capacity.
 */
describe('PLM assignment and the upgrade to smart licensing', () => {
  const PLM = '127.32.1.1';
  const OPERATIONAL = 'va-hcs-operational';
  const ORDERED = 'va-hcs-ordered';
  const MANUAL_VA = 'va-customer-1';
  const plmCucm = ucCluster('plm-cucm', 'cucm', 31, { version: '11.5.1' });
  const plmCuc = ucCluster('plm-cuc', 'cuc', 32, { version: '11.5.1' });
  const plmCer = ucCluster('plm-cer', 'cer', 33, { version: '11.5.1' });
  // Runs 12.5 in the simulator; provisioning announces 11.5 until the upgrade event.
  const upgraded = ucCluster('plm-upgraded', 'cucm', 34);
  const smart = ucCluster('plm-smart', 'cucm', 35);
  const edge = ucCluster('plm-edge', 'expressway-e', 36);
  const oldForVa = ucCluster('plm-old-va', 'cuc', 37, { version: '11.0.1' });
  const spare = ucCluster('plm-spare', 'cucm', 38, { version: '10.5.2' });
  let lab: RegistrationLab;
  let plm: PlmSimulator;
  let lmId: string;

  const json = async <T = Record<string, unknown>>(res: Response): Promise<T> => (await res.json()) as T;
  const assign = async (clusterIds: string[], verb: 'assign' | 'unassign' = 'assign') => {
    const res = await lab.api(`/license-managers/${lmId}/${verb}`, { method: 'POST', json: { clusterIds } });
    expect(res.status).toBe(202);
    const body = await json<{ jobs: { clusterId: string; jobId: string }[] }>(res);
    const jobs = await lab.finalJobs(body.jobs.map((j) => j.jobId));
    return new Map(jobs.map((j) => [j.entityId, j]));
  };
  const cluster = async (id: string) => json<ClusterSummary>(await lab.api(`/clusters/${id}`, { roles: ['viewer'] }));
  const updated = (sim: UcClusterInput, overrides: Partial<ClusterProvisioning>) => {
    const handles = lab.services.registration!.handles;
    const envelope = createEnvelope(ProvisioningEvents.clusterUpdated.type, 1, provisioningClusterOf(sim, lab.uc, overrides));
    return handles.js.publish(handles.subjects.qualify(ProvisioningEvents.clusterUpdated.subject), JSON.stringify(envelope), { msgID: envelope.id });
  };
  const plmSeats = () => [...(plm.state.get(PLM)?.clusters.keys() ?? [])].sort();

  beforeAll(async () => {
    plm = await startPlmSimulator({
      scenario: {
        plms: [
          {
            address: PLM,
            osAdmin: OS_ADMIN,
            licenses: { HUCM_Foundation: 100, HCUC_BasicMessaging: 50, HCER_User: 20 },
            clusterUsage: { [plmCucm.name]: { HUCM_Foundation: 40 }, [plmCer.name]: { HCER_User: 25 } },
          },
        ],
      },
    });
    lab = await startRegistrationLab({
      label: 'plmassign',
      clusters: [plmCucm, plmCuc, plmCer, upgraded, smart, edge, oldForVa, spare],
      virtualAccounts: [ORDERED, OPERATIONAL, MANUAL_VA],
      env: { PROVISIONING_DECRYPTION_KEYS: generateProvisioningKeyPair('plm-lab').privateJwks },
    });
    await lab.provisionCustomer({ id: 'customer-1', name: 'Customer One' });
    await lab.provisionClusters([plmCucm, plmCuc, plmCer, smart, edge, oldForVa, spare]);
    await lab.provisionCluster(upgraded, { version: '11.5.1' });
    const added = await lab.api('/license-managers', { method: 'POST', roles: ['admin'], json: { hostname: PLM, port: plm.port, ...OS_ADMIN, tls: { caPem: plm.caPem } } });
    expect(added.status).toBe(201);
    lmId = (await json<{ id: string }>(added)).id;
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
    await plm?.close();
  });

  it('refuses the clusters of a customer not assigned to the License Manager', async () => {
    const jobs = await assign([plmCucm.id]);
    expect(jobs.get(plmCucm.id)).toMatchObject({ jobType: 'Assign Cluster to PLM', status: 'Failed', errorCode: 'PLM_CUSTOMER_NOT_ASSIGNED' });
    expect(plmSeats()).toEqual([]);
  });

  it('assigns a customer, then its 11.x Unified CM, Unity Connection and Emergency Responder clusters: force-added at PLM', async () => {
    const res = await lab.api(`/license-managers/${lmId}/customers`, { method: 'POST', json: { customerId: 'customer-1' } });
    expect(res.status).toBe(201);
    const jobs = await assign([plmCucm.id, plmCuc.id, plmCer.id, upgraded.id]);
    for (const id of [plmCucm.id, plmCuc.id, plmCer.id, upgraded.id]) {
      expect(jobs.get(id)).toMatchObject({ jobType: 'Assign Cluster to PLM', status: 'Succeeded', description: `Assign cluster ${id} name to License Manager ${PLM}` });
    }
    expect(plmSeats()).toEqual([plmCer.name, plmCucm.name, plmCuc.name, upgraded.name].sort());
    const lm = await json<{ customers: number; clusters: number }>(await lab.api(`/license-managers/${lmId}`, { roles: ['viewer'] }));
    expect(lm).toMatchObject({ customers: 1, clusters: 4 });
    // Assigned once: assigning again is refused; the customer cannot leave while its clusters are there.
    expect((await assign([plmCucm.id])).get(plmCucm.id)).toMatchObject({ status: 'Failed', errorCode: 'SLMCT1007', statusInfo: expect.stringContaining('already assigned to this License Manager') });
    expect((await lab.api(`/license-managers/${lmId}/customers/customer-1`, { method: 'DELETE' })).status).toBe(409);
    expect((await lab.api(`/license-managers/${lmId}`, { method: 'DELETE', roles: ['admin'] })).status).toBe(409);
  });

  it('License Management Summary: per License Manager (licenses, compliance, customers), its clusters with filters and paging, per customer; the audit publishes it', async () => {
    const summary = await json<Record<string, any>>(await lab.api(`/license-managers/${lmId}/summary`, { roles: ['viewer'] })); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(summary.licenseManager).toMatchObject({ id: lmId, hostname: PLM, clusters: 4, customers: 1 });
    expect(summary.licenses).toEqual(
      expect.arrayContaining([
        { licenseType: 'HUCM_Foundation', installed: 100, required: 40, available: 60, status: 'Compliant' },
        { licenseType: 'HCER_User', installed: 20, required: 25, available: -5, status: 'Insufficient' },
      ]),
    );
    expect(summary).toMatchObject({ compliance: 'Insufficient', customers: [{ customerId: 'customer-1', customerName: 'Customer One', clusters: 4 }] });

    const all = await json<{ total: number; items: Record<string, unknown>[] }>(await lab.api(`/license-management/clusters?licenseManagerId=${lmId}&limit=2`, { roles: ['viewer'] }));
    // Every cluster of the assigned customer is listed; the four assigned ones with their status and job.
    expect(all.total).toBe(8);
    expect(all.items).toHaveLength(2);
    const assigned = await json<{ total: number; items: Record<string, unknown>[] }>(await lab.api(`/license-management/clusters?status=Assigned&type=cucm`, { roles: ['viewer'] }));
    expect(assigned.items.map((c) => c.clusterId).sort()).toEqual([plmCucm.id, upgraded.id].sort());
    // The latest PLM job is shown: plm-cucm's is the refused second assignment.
    expect(assigned.items.find((c) => c.clusterId === upgraded.id)).toMatchObject({ licenseManager: PLM, customerName: 'Customer One', status: 'Assigned', job: { jobType: 'Assign Cluster to PLM', status: 'Succeeded' } });
    expect(assigned.items.find((c) => c.clusterId === plmCucm.id)).toMatchObject({ status: 'Assigned', job: { status: 'Failed', errorCode: 'SLMCT1007' } });
    expect((await lab.api('/license-management/clusters?status=Nope', { roles: ['viewer'] })).status).toBe(400);
    // By customer: the same eight; none for a customer not assigned to a License Manager.
    const ofCustomer = await json<{ total: number; items: Record<string, unknown>[] }>(await lab.api('/license-management/clusters?customerId=customer-1&limit=100', { roles: ['viewer'] }));
    expect([ofCustomer.total, ofCustomer.items.every((c) => c.customerId === 'customer-1')]).toEqual([8, true]);
    expect((await json<{ total: number }>(await lab.api('/license-management/clusters?customerId=no-such-customer', { roles: ['viewer'] }))).total).toBe(0);
    const customers = await json<{ items: unknown[] }>(await lab.api('/license-management/customers', { roles: ['viewer'] }));
    expect(customers.items).toEqual([{ customerId: 'customer-1', customerName: 'Customer One', licenseManagerId: lmId, licenseManager: PLM, clusters: 4 }]);

    // The audit after the assignment published the License Manager's state for the reports.
    const jsm = await jetstreamManager(lab.handles.nc);
    const event = await eventually(async () => {
      const m = await jsm.streams.getMessage(`${lab.env.namespace}_${STREAMS.events}`, { last_by_subj: `${lab.env.namespace}.${PlmEvents.plmInventoryReported.subject}` }).catch(() => null);
      const data = m?.json<{ data: PlmInventoryReported }>().data;
      return data && data.clusters.length === 4 ? data : undefined;
    }, { what: 'plm-inventory.reported with the four clusters' });
    expect(event).toMatchObject({ licenseManagerId: lmId, hostname: PLM, licenseMode: 'HCS', customerIds: ['customer-1'] });
    expect(event.clusters.find((c) => c.clusterId === plmCucm.id)).toEqual({ clusterId: plmCucm.id, customerId: 'customer-1', type: 'cucm', version: '11.5.1', licenses: [{ licenseType: 'HUCM_Foundation', count: 40 }] });
  });

  it('refuses the wrong version each way: a 12.5 cluster or an Expressway for PLM, an 11.x cluster for a virtual account', async () => {
    const jobs = await assign([smart.id, edge.id]);
    expect(jobs.get(smart.id)).toMatchObject({ status: 'Failed', errorCode: 'PLM_CLUSTER_NOT_ELIGIBLE', statusInfo: expect.stringContaining('PLM is not supported for UC applications cluster versions higher than 11.x'), recommendedAction: 'Register all the 12.x UC applications cluster to CSSM.' });
    expect(jobs.get(edge.id)).toMatchObject({ status: 'Failed', errorCode: 'PLM_CLUSTER_NOT_ELIGIBLE' });
    expect(plmSeats()).not.toContain(smart.name);

    const va = await lab.virtualAccountId(MANUAL_VA);
    expect((await lab.api(`/virtual-accounts/${va}/license-mode`, { method: 'PUT', json: { mode: 'HCS' }, roles: ['admin'] })).status).toBeLessThan(300);
    const res = await lab.api(`/virtual-accounts/${va}/clusters`, { method: 'POST', json: { clusterIds: [oldForVa.id, plmCuc.id] } });
    expect(res.status).toBe(202);
    const vaJobs = new Map((await lab.finalJobs((await json<{ jobs: { jobId: string }[] }>(res)).jobs.map((j) => j.jobId))).map((j) => [j.entityId, j]));
    expect(vaJobs.get(oldForVa.id)).toMatchObject({ status: 'Failed', errorCode: 'SLMCT1006', statusInfo: expect.stringContaining('register through PLM') });
    expect(vaJobs.get(plmCuc.id)).toMatchObject({ status: 'Failed', errorCode: 'CLUSTER_ASSIGNED_TO_PLM' });
  });

  it('an upgrade to 12.5 while assigned to PLM waits for the unassign; then auto-registration registers the cluster', async () => {
    const smartAccountId = (await json<{ items: { id: string }[] }>(await lab.api('/smart-accounts', { roles: ['viewer'] }))).items[0]!.id;
    const operationalVa = await lab.virtualAccountId(OPERATIONAL);
    expect((await lab.api(`/virtual-accounts/${operationalVa}/license-mode`, { method: 'PUT', json: { mode: 'HCS' }, roles: ['admin'] })).status).toBeLessThan(300);
    const enabled = await lab.api(`/smart-accounts/${smartAccountId}`, {
      method: 'PUT',
      roles: ['admin'],
      json: {
        domain: DOMAIN,
        clientId: CLIENT.clientId,
        transportMode: 'Direct',
        authenticationGateway: lab.cssm.tokenUrl,
        cssmServer: lab.cssm.apiBaseUrl,
        operationalLicenses: { opted: true, orderedVirtualAccount: ORDERED, operationalVirtualAccount: OPERATIONAL, autoRegistration: true },
      },
    });
    expect(enabled.status).toBe(200);
    // The 12.5 cluster nobody licensed is auto-registered; the PLM ones are left alone.
    await eventually(async () => (await cluster(smart.id)).status === 'Auto Registered', { what: 'plm-smart auto-registered', timeoutMs: 60_000 });

    await updated(upgraded, {});
    await eventually(async () => {
      const c = await cluster(upgraded.id);
      return c.version === upgraded.version && c.eligible ? c : undefined;
    }, { what: 'the upgrade event applied' });
    // Still PLM's: no smart-licensing job, and the Cluster Summary says what to do.
    await new Promise((r) => setTimeout(r, 1_500));
    const waiting = await cluster(upgraded.id);
    expect(waiting).toMatchObject({ status: null, virtualAccount: null, attention: expect.stringContaining(`Assigned to License Manager ${PLM}: unassign it from PLM`) });
    expect(lab.registerCalls(upgraded.id)).toBe(0);

    const jobs = await assign([upgraded.id], 'unassign');
    expect(jobs.get(upgraded.id)).toMatchObject({ jobType: 'Unassign Cluster from PLM', status: 'Succeeded' });
    expect(plmSeats()).not.toContain(upgraded.name);
    const registered = await eventually(async () => {
      const c = await cluster(upgraded.id);
      return c.status === 'Auto Registered' ? c : undefined;
    }, { what: 'plm-upgraded auto-registered', timeoutMs: 60_000 });
    expect(registered).toMatchObject({ virtualAccount: OPERATIONAL, attention: null });
  });

  it('a License Manager serves at most 1,000 clusters: the 1,001st is refused with PLM_CAPACITY_REACHED', async () => {
    const ds = lab.services.registration!.dataSource;
    const [{ n }] = (await ds.query('SELECT count(*)::int AS n FROM plm_cluster_assignment WHERE license_manager_id = $1', [lmId])) as { n: number }[];
    // Seeded: the other clusters of a full PLM (1,000 assignments by jobs would only repeat the one above).
    await ds.query(
      `INSERT INTO plm_cluster_assignment (cluster_id, license_manager_id, customer_id, status) SELECT 'seat-' || i, $1, 'customer-1', 'Assigned' FROM generate_series(1, $2::int) i`,
      [lmId, 1000 - n],
    );
    const full = await assign([spare.id]);
    expect(full.get(spare.id)).toMatchObject({ status: 'Failed', errorCode: 'PLM_CAPACITY_REACHED', recommendedAction: expect.stringContaining('another License Manager') });
    expect(plmSeats()).not.toContain(spare.name);

    await ds.query(`DELETE FROM plm_cluster_assignment WHERE cluster_id = 'seat-1'`);
    expect((await assign([spare.id])).get(spare.id)).toMatchObject({ status: 'Succeeded' });
    expect((await json<{ clusters: number }>(await lab.api(`/license-managers/${lmId}`, { roles: ['viewer'] }))).clusters).toBe(1000);
    await ds.query(`DELETE FROM plm_cluster_assignment WHERE cluster_id LIKE 'seat-%'`);
  });

  it('a cluster deleted by provisioning while assigned to PLM is removed from PLM by an Unassign Cluster from PLM job', async () => {
    expect(plmSeats()).toContain(plmCer.name);
    const handles = lab.services.registration!.handles;
    const envelope = createEnvelope(ProvisioningEvents.clusterDeleted.type, 1, { id: plmCer.id });
    await handles.js.publish(handles.subjects.qualify(ProvisioningEvents.clusterDeleted.subject), JSON.stringify(envelope), { msgID: envelope.id });
    await eventually(() => !plmSeats().includes(plmCer.name), { what: 'plm-cer removed from PLM', timeoutMs: 30_000 });
    const ds = lab.services.registration!.dataSource;
    await eventually(async () => ((await ds.query('SELECT 1 FROM plm_cluster_assignment WHERE cluster_id = $1', [plmCer.id])) as unknown[]).length === 0, { what: 'the assignment gone' });
    const [job] = (await ds.query(`SELECT job_type, trigger, status FROM job WHERE entity_id = $1 ORDER BY initiated_at DESC LIMIT 1`, [plmCer.id])) as { job_type: string; trigger: string; status: string }[];
    expect(job).toEqual({ job_type: 'Unassign Cluster from PLM', trigger: 'auto', status: 'Succeeded' });
  });
});
