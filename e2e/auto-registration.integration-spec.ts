import { randomUUID } from 'node:crypto';
import { ProvisioningEvents, RegistrationCommands, type ClusterProvisioning, type ClusterSummary, type Job, type VaLicenseMode } from '#libs/contracts';
import { eventually, provisioningClusterOf } from '#libs/testing';
import { ADMIN, CLIENT, DOMAIN, PLATFORM, startRegistrationLab, ucCluster, type RegistrationLab } from './support/registration-lab.js';

interface Problem {
  status: number;
  code?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/**
 * Auto-registration with operational licenses through the gateway and provisioning events, against the CSSM and
 * UC-application simulators (guide: "Configuring Operational Licenses", "Auto-registration of Clusters Using Direct or
 * Proxy Mode" with Table 6, "Autoregistration of Clusters Using Satellite Mode"). The scenarios share one lab and run
 * in order: each starts from the state the previous one left.
 */
describe('auto-registration with operational licenses', () => {
  const OPERATIONAL = 'va-hcs-operational';
  const OPERATIONAL_2 = 'va-hcs-operational-2';
  const ORDERED = 'va-hcs-ordered';
  const MANUAL_VA = 'va-customer-1';
  const cucm = ucCluster('auto-cucm', 'cucm', 1);
  const cuc = ucCluster('auto-cuc', 'cuc', 2);
  const enterprise = ucCluster('auto-ent', 'cucm', 3, { licenseMode: 'Enterprise' });
  const expC = ucCluster('auto-expc', 'expressway-c', 4);
  const old = ucCluster('auto-old', 'cucm', 5, { version: '11.5.1' });
  const noPlatform = ucCluster('auto-noplatform', 'cucm', 6);
  const manual = ucCluster('auto-manual', 'cer', 7);
  const fresh = ucCluster('auto-new', 'cucm', 8);
  const orphan = ucCluster('auto-orphan', 'cuc', 9, { customerId: 'customer-late' });
  const dup = ucCluster('auto-dup', 'cer', 10);
  const gone = ucCluster('auto-gone', 'cuc', 11);
  const faulty = ucCluster('auto-faulty', 'cuc', 12);
  const moved = ucCluster('auto-moved', 'cucm', 13);
  const left = ucCluster('auto-left', 'cer', 14);
  const proxied = ucCluster('auto-proxied', 'cuc', 15, { customerId: 'customer-proxy' });
  const readdressed = ucCluster('auto-readdressed', 'cer', 16);
  const retried = ucCluster('auto-retried', 'cuc', 17);
  const viaSatellite = ucCluster('auto-satellite', 'cucm', 18);
  const existing = [cucm, cuc, enterprise, expC, old, noPlatform, manual, moved, left];
  let lab: RegistrationLab;
  let smartAccountId: string;
  let manualVa: string;
  let operationalVa: string;
  let operationalVa2: string;

  const agent = (id: string) => lab.snapshot(id).nodes.find((n) => n.smartAgent)!.smartAgent!;
  const registeredTo = (id: string) => (agent(id).state === 'REGISTERED' ? agent(id).registration?.virtualAccount : undefined);
  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const cluster = async (id: string) => json<ClusterSummary>(await lab.api(`/clusters/${id}`, { roles: ['viewer'] }));
  const licenseModeOf = async (va: string) => json<VaLicenseMode>(await lab.api(`/virtual-accounts/${va}/license-mode`, { roles: ['viewer'] }));
  const jobsOf = async (clusterId: string): Promise<Job[]> => (await lab.commands.request(RegistrationCommands.listJobs, { entityId: clusterId, limit: 100 })).items;
  const statusOf = (id: string, status: ClusterSummary['status'], timeoutMs = 60_000) =>
    eventually(
      async () => {
        const c = await cluster(id);
        return c.status === status && !['Queued', 'In Progress'].includes(c.job?.status ?? '') ? c : undefined;
      },
      { what: `${id} ${status}`, timeoutMs, intervalMs: 100 },
    );
  const settle = () =>
    eventually(async () => (await lab.commands.request(RegistrationCommands.listJobs, { status: 'Queued', limit: 1 })).total === 0 && (await lab.commands.request(RegistrationCommands.listJobs, { status: 'In Progress', limit: 1 })).total === 0, {
      what: 'no job running',
      timeoutMs: 60_000,
      intervalMs: 100,
    });
  const smartAccount = (overrides: Record<string, unknown> = {}) => ({
    domain: DOMAIN,
    clientId: CLIENT.clientId,
    transportMode: 'Direct',
    authenticationGateway: lab.cssm.tokenUrl,
    cssmServer: lab.cssm.apiBaseUrl,
    ...overrides,
  });
  const operationalLicenses = (operationalVirtualAccount = OPERATIONAL, autoRegistration = true) => ({ opted: true, orderedVirtualAccount: ORDERED, operationalVirtualAccount, autoRegistration });
  const satelliteAccount = (localAccount: string, operationalVirtualAccount = 'va-satellite') => ({
    clientId: 'sat-client',
    clientSecret: 'sat-secret',
    transportMode: 'Satellite',
    satellite: { host: 'satellite.example.com', port: 8443, registrationUrl: 'https://satellite.example.com/SmartTransport', tokenUrl: lab.cssm.onPremTokenUrl, localAccount },
    operationalLicenses: { opted: false, operationalVirtualAccount, autoRegistration: true },
  });
  const putSmartAccount = (body: Record<string, unknown>) => lab.api(`/smart-accounts/${smartAccountId}`, { method: 'PUT', json: body, roles: ['admin'] });
  const syncNow = async () => {
    const res = await lab.api(`/smart-accounts/${smartAccountId}/sync`, { method: 'POST' });
    expect(res.status).toBe(202);
  };
  const publish = async (subject: string, type: string, data: unknown, occurredAt = new Date().toISOString()) => {
    const id = randomUUID();
    const handles = lab.services.registration!.handles;
    await handles.js.publish(handles.subjects.qualify(subject), JSON.stringify({ id, type, schemaVersion: 1, occurredAt, correlationId: id, data }), { msgID: id });
  };
  // The simulator runs TLS: its CA bundle travels with every cluster (tls.caPem).
  const provisioning = (sim: typeof cucm, overrides: Partial<ClusterProvisioning> = {}): ClusterProvisioning => provisioningClusterOf(sim, lab.uc, overrides);

  const clusterCreated = (sim: typeof cucm, overrides: Partial<ClusterProvisioning> = {}, occurredAt?: string) =>
    publish(ProvisioningEvents.clusterCreated.subject, ProvisioningEvents.clusterCreated.type, provisioning(sim, overrides), occurredAt);
  const clusterUpdated = (sim: typeof cucm, overrides: Partial<ClusterProvisioning> = {}, occurredAt?: string) =>
    publish(ProvisioningEvents.clusterUpdated.subject, ProvisioningEvents.clusterUpdated.type, provisioning(sim, overrides), occurredAt);

  beforeAll(async () => {
    lab = await startRegistrationLab({
      label: 'autoreg',
      clusters: [...existing, fresh, orphan, dup, gone, faulty, proxied, readdressed, retried, viaSatellite],
      virtualAccounts: [ORDERED, OPERATIONAL, OPERATIONAL_2, MANUAL_VA],
      rebootMs: 200,
      // A short customer wait: the orphan case's cluster is redelivered within seconds of its customer.
      env: { REGISTRATION_JOB_MAX_ATTEMPTS: '4', REGISTRATION_JOB_RETRY_MS: '100ms', PROVISIONING_CUSTOMER_WAIT: '20s' },
    });
    await lab.provisionCustomer({ id: 'customer-1', name: 'Customer One' });
    await lab.provisionClusters([cucm, cuc, enterprise, expC, old, manual, moved, left]);
    await lab.provisionCluster(noPlatform, { credentials: { admin: ADMIN } });
    smartAccountId = (await json<{ items: { id: string }[] }>(await lab.api('/smart-accounts', { roles: ['viewer'] }))).items[0].id;
    manualVa = await lab.virtualAccountId(MANUAL_VA);
    operationalVa = await lab.virtualAccountId(OPERATIONAL);
    operationalVa2 = await lab.virtualAccountId(OPERATIONAL_2);
    // The second operational VA starts in Enterprise mode: becoming the operational VA turns it HCS.
    for (const [va, mode] of [[manualVa, 'HCS'], [operationalVa, 'HCS'], [operationalVa2, 'Enterprise']] as const) {
      const res = await lab.api(`/virtual-accounts/${va}/license-mode`, { method: 'PUT', json: { mode }, roles: ['admin'] });
      expect(res.status).toBeLessThan(300);
    }
    // A cluster assigned by hand before auto-registration is enabled keeps its virtual account.
    const assigned = await lab.api(`/virtual-accounts/${manualVa}/clusters`, { method: 'POST', json: { clusterIds: [manual.id] } });
    expect(assigned.status).toBe(202);
    await statusOf(manual.id, 'Manually Registered');
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
  });

  it('operational licenses: both virtual accounts must be synced VAs of the account (the field is named) and nothing changes', async () => {
    const res = await putSmartAccount(smartAccount({ operationalLicenses: { ...operationalLicenses(), operationalVirtualAccount: 'va-no-such' } }));
    expect(res.status).toBe(400);
    expect(await json<Problem>(res)).toMatchObject({ code: 'SLMCT1001', errors: [{ field: 'operationalLicenses.operationalVirtualAccount', message: expect.stringContaining('va-no-such') }] });
    const ordered = await putSmartAccount(smartAccount({ operationalLicenses: { ...operationalLicenses(), orderedVirtualAccount: 'va-no-such-ordered' } }));
    expect(ordered.status).toBe(400);
    expect(await json<Problem>(ordered)).toMatchObject({ code: 'SLMCT1001', errors: [{ field: 'operationalLicenses.orderedVirtualAccount' }] });
    const bad = await putSmartAccount(smartAccount({ operationalLicenses: { opted: false, autoRegistration: true, operationalVirtualAccount: OPERATIONAL } }));
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'operationalLicenses.autoRegistration' })]));
    // Satellite auto-registration before any Direct or Proxy account has operational licenses: refused, field named.
    const satellite = await lab.api('/smart-accounts', { method: 'POST', roles: ['admin'], json: satelliteAccount('Local Account') });
    expect(satellite.status).toBe(400);
    expect((await json<Problem>(satellite)).detail).toContain('operationalLicenses.autoRegistration');
    expect((await jobsOf(cucm.id)).length).toBe(0);
  });

  it('a wrong smart-account setting fails auto-registration with the code; the corrected setting registers every eligible cluster (HCS first, Enterprise publishers reboot)', async () => {
    // Operational licenses with a wrong client secret: CSSM refuses the clusters a registration token.
    const wrong = await putSmartAccount(smartAccount({ clientSecret: 'wrong-secret', operationalLicenses: operationalLicenses() }));
    expect(wrong.status).toBe(200);
    const failed = await statusOf(cucm.id, 'Auto Registration Failed');
    expect(failed.job).toMatchObject({ jobType: 'Assign Cluster', status: 'Failed', errorCode: expect.any(String), recommendedAction: expect.any(String) });
    expect(failed.virtualAccount).toBeNull();
    await settle();

    const corrected = await putSmartAccount(smartAccount({ clientSecret: CLIENT.clientSecret, operationalLicenses: operationalLicenses() }));
    expect(corrected.status).toBe(200);
    for (const c of [cucm, cuc, enterprise, expC, moved, left]) {
      const summary = await statusOf(c.id, 'Auto Registered');
      expect(summary).toMatchObject({ virtualAccount: OPERATIONAL, job: expect.objectContaining({ jobType: 'Assign Cluster', status: 'Succeeded' }) });
      expect(registeredTo(c.id)).toBe(OPERATIONAL);
    }
    expect(lab.snapshot(enterprise.id).licenseMode).toBe('HCS');
    expect(lab.uc.calls.count('paws.deployment-mode.set', enterprise.id)).toBe(1);
    // Not eligible (version below 12.5): left alone. Eligible but without platform credentials: failed with SLMCT1013.
    expect((await cluster(old.id)).status).toBeNull();
    expect((await jobsOf(old.id)).length).toBe(0);
    expect(await statusOf(noPlatform.id, 'Auto Registration Failed')).toMatchObject({ job: expect.objectContaining({ errorCode: 'SLMCT1013' }) });
    // Assigned by hand before: stays where it is.
    expect(await cluster(manual.id)).toMatchObject({ status: 'Manually Registered', virtualAccount: MANUAL_VA });
  });

  it('only one smart account can have operational licenses; satellite auto-registration needs them and one satellite only', async () => {
    const second = await lab.api('/smart-accounts', {
      method: 'POST',
      roles: ['admin'],
      json: smartAccount({ domain: 'second.example.com', clientSecret: 'x', operationalLicenses: { opted: true, orderedVirtualAccount: ORDERED, operationalVirtualAccount: OPERATIONAL, autoRegistration: false } }),
    });
    expect(second.status).toBe(409);
    expect(await json<Problem>(second)).toMatchObject({ code: 'SYNC_OPERATIONAL_LICENSES_TAKEN' });
    const satellite = (localAccount: string) => satelliteAccount(localAccount);
    const first = await lab.api('/smart-accounts', { method: 'POST', roles: ['admin'], json: satellite('Local Account') });
    expect(first.status).toBe(201);
    const another = await lab.api('/smart-accounts', { method: 'POST', roles: ['admin'], json: satellite('Other Local Account') });
    expect(another.status).toBe(409);
    expect(await json<Problem>(another)).toMatchObject({ code: 'SYNC_OPERATIONAL_LICENSES_TAKEN' });
    // Remove the satellite again: the following scenarios register through the Direct smart account.
    const id = (await json<{ smartAccount: { id: string } }>(first)).smartAccount.id;
    expect((await lab.api(`/smart-accounts/${id}`, { method: 'DELETE', roles: ['admin'] })).status).toBeLessThan(300);
    await eventually(async () => (await lab.services.registration!.dataSource.query('SELECT 1 FROM smart_account WHERE id = $1 AND removed_at IS NOT NULL', [id])).length === 1, {
      what: 'the satellite account removed in registration',
    });
  });

  it('a newly provisioned eligible cluster is registered when its event arrives; one upgraded to an eligible version joins on its update', async () => {
    await clusterCreated(fresh);
    expect(await statusOf(fresh.id, 'Auto Registered')).toMatchObject({ virtualAccount: OPERATIONAL });
    await clusterUpdated(old, { version: '12.5.1' });
    lab.uc.clusters.get(old.id)!.version = '12.5.1';
    expect(await statusOf(old.id, 'Auto Registered')).toMatchObject({ virtualAccount: OPERATIONAL });
  });

  it('changed credentials of a cluster retry its failed auto-registration', async () => {
    await clusterUpdated(noPlatform, { credentials: { admin: ADMIN, platform: PLATFORM } });
    expect(await statusOf(noPlatform.id, 'Auto Registered')).toMatchObject({ virtualAccount: OPERATIONAL });
  });

  it('a changed network address of a cluster retries its failed auto-registration', async () => {
    const wrongAddress = readdressed.nodes.map((n, i) => ({ hostname: n.hostname, address: `127.99.99.${i + 1}`, port: lab.uc.port, publisher: n.publisher }));
    await clusterCreated(readdressed, { nodes: wrongAddress });
    expect(await statusOf(readdressed.id, 'Auto Registration Failed')).toMatchObject({ job: expect.objectContaining({ errorCode: expect.any(String) }) });
    await clusterUpdated(readdressed);
    expect(await statusOf(readdressed.id, 'Auto Registered')).toMatchObject({ virtualAccount: OPERATIONAL });
  });

  it('corrected proxy details at customer level retry the failed auto-registrations of its clusters', async () => {
    await lab.provisionCustomer({ id: 'customer-proxy', name: 'Customer Proxy', proxy: { host: 'wrong-proxy.example.com', port: 3128 } });
    lab.uc.faults.add({ route: 'cuc.register', target: proxied.id, kind: 'status', status: 500, body: { code: 'ProxyUnreachable', message: 'cannot reach wrong-proxy.example.com' } });
    await clusterCreated(proxied);
    await statusOf(proxied.id, 'Auto Registration Failed');
    lab.uc.faults.clear();
    await publish(ProvisioningEvents.customerUpdated.subject, ProvisioningEvents.customerUpdated.type, { id: 'customer-proxy', name: 'Customer Proxy', proxy: { host: 'proxy.example.com', port: 3128 } });
    await statusOf(proxied.id, 'Auto Registered');
    expect(agent(proxied.id).transport).toMatchObject({ mode: 1, proxyIp: 'proxy.example.com', proxyPort: 3128 });
  });

  it('Table 6: a cluster that fails to auto-register (CSSM or application fault) is Auto Registration Failed with the code; the next sync registers it', async () => {
    lab.uc.faults.add({ route: 'cuc.register', target: faulty.id, kind: 'status', status: 500, body: { code: 'InternalError', message: 'application fault' } });
    await clusterCreated(faulty);
    const failed = await statusOf(faulty.id, 'Auto Registration Failed');
    expect(failed.job).toMatchObject({ status: 'Failed', errorCode: expect.stringMatching(/^(CAA|SLM)/), recommendedAction: expect.any(String) });
    lab.uc.faults.clear();
    await syncNow();
    expect(await statusOf(faulty.id, 'Auto Registered')).toMatchObject({ virtualAccount: OPERATIONAL });
  });

  it('provisioning events twice, out of order or for an unknown customer never register a cluster twice or to the wrong VA', async () => {
    const at = new Date().toISOString();
    await clusterCreated(dup, {}, at);
    await clusterCreated(dup, {}, at);
    await statusOf(dup.id, 'Auto Registered');
    // An older update (out of order) changes nothing: no new job.
    await clusterUpdated(dup, { name: 'stale name', nodes: [] }, new Date(Date.now() - 3_600_000).toISOString());
    await clusterCreated(dup, {}, at);
    await settle();
    expect((await jobsOf(dup.id)).filter((j) => j.jobType === 'Assign Cluster')).toHaveLength(1);
    expect(lab.registerCalls(dup.id)).toBe(1);
    expect((await cluster(dup.id)).name).toBe(dup.name);

    // A cluster of a customer nobody provisioned yet waits for its customer (the customer-exists rule): neither
    // stored nor registered until the customer comes, then applied once.
    await clusterCreated(orphan);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await settle();
    expect(await lab.services.registration!.dataSource.query('SELECT 1 FROM cluster WHERE id = $1', [orphan.id])).toHaveLength(0);
    expect((await jobsOf(orphan.id)).length).toBe(0);
    await lab.provisionCustomer({ id: 'customer-late', name: 'Customer Late' });
    expect(await statusOf(orphan.id, 'Auto Registered')).toMatchObject({ virtualAccount: OPERATIONAL });
    expect(lab.registerCalls(orphan.id)).toBe(1);
  });

  it('a cluster deleted while its auto-registration job runs ends cleanly and is not registered again', async () => {
    lab.uc.latency.set([{ route: '*', fixedMs: 150 }]);
    await clusterCreated(gone);
    await eventually(async () => (await jobsOf(gone.id)).length === 1, { what: 'the job of the deleted cluster' });
    await publish(ProvisioningEvents.clusterDeleted.subject, ProvisioningEvents.clusterDeleted.type, { id: gone.id });
    lab.uc.latency.set([]);
    const [job] = await lab.finalJobs([(await jobsOf(gone.id))[0].id]);
    expect(['Succeeded', 'Failed']).toContain(job.status);
    await syncNow();
    await settle();
    expect((await jobsOf(gone.id)).length).toBe(1);
  });

  it('Table 6: a cluster unassigned by hand leaves auto-registration (syncs leave it alone) until auto-registration is disabled and enabled again', async () => {
    const res = await lab.api(`/virtual-accounts/${operationalVa}/clusters/unassign`, { method: 'POST', json: { clusterIds: [left.id] } });
    expect(res.status).toBe(202);
    await statusOf(left.id, 'Deregistered');
    await syncNow();
    await settle();
    expect((await cluster(left.id)).status).toBe('Deregistered');

    expect((await putSmartAccount(smartAccount({ operationalLicenses: operationalLicenses(OPERATIONAL, false) }))).status).toBe(200);
    await settle();
    expect((await cluster(left.id)).status).toBe('Deregistered');
    expect((await putSmartAccount(smartAccount({ operationalLicenses: operationalLicenses() }))).status).toBe(200);
    expect(await statusOf(left.id, 'Auto Registered')).toMatchObject({ virtualAccount: OPERATIONAL });
  });

  it('Table 6: reassigning an auto-registered cluster by hand to another VA takes it out; reassigning by hand to the autoregistered VA is allowed', async () => {
    expect((await lab.api(`/virtual-accounts/${operationalVa}/clusters/unassign`, { method: 'POST', json: { clusterIds: [moved.id] } })).status).toBe(202);
    await statusOf(moved.id, 'Deregistered');
    expect((await lab.api(`/virtual-accounts/${manualVa}/clusters`, { method: 'POST', json: { clusterIds: [moved.id] } })).status).toBe(202);
    expect(await statusOf(moved.id, 'Manually Registered')).toMatchObject({ virtualAccount: MANUAL_VA });

    expect((await lab.api(`/virtual-accounts/${manualVa}/clusters/unassign`, { method: 'POST', json: { clusterIds: [manual.id] } })).status).toBe(202);
    await statusOf(manual.id, 'Deregistered');
    expect((await lab.api(`/virtual-accounts/${operationalVa}/clusters`, { method: 'POST', json: { clusterIds: [manual.id] } })).status).toBe(202);
    expect(await statusOf(manual.id, 'Manually Registered')).toMatchObject({ virtualAccount: OPERATIONAL });
  });

  it('Table 6: a failed auto-registration is also retried by disabling and enabling auto-registration again', async () => {
    lab.uc.faults.add({ route: 'cuc.register', target: retried.id, kind: 'status', status: 500, body: { code: 'InternalError', message: 'application fault' } });
    await clusterCreated(retried);
    await statusOf(retried.id, 'Auto Registration Failed');
    lab.uc.faults.clear();
    expect((await putSmartAccount(smartAccount({ operationalLicenses: operationalLicenses(OPERATIONAL, false) }))).status).toBe(200);
    await settle();
    expect((await cluster(retried.id)).status).toBe('Auto Registration Failed');
    expect((await putSmartAccount(smartAccount({ operationalLicenses: operationalLicenses() }))).status).toBe(200);
    expect(await statusOf(retried.id, 'Auto Registered')).toMatchObject({ virtualAccount: OPERATIONAL });
  });

  it('unchanged VAs on a smart-account update start no job', async () => {
    await settle();
    const before = (await lab.commands.request(RegistrationCommands.listJobs, { limit: 1 })).total;
    expect((await putSmartAccount(smartAccount({ name: 'HCS SP renamed', operationalLicenses: operationalLicenses() }))).status).toBe(200);
    await eventually(async () => (await json<{ lastSyncStatus: string; name: string }>(await lab.api(`/smart-accounts/${smartAccountId}`, { roles: ['viewer'] }))).name === 'HCS SP renamed', { what: 'renamed' });
    await settle();
    expect((await lab.commands.request(RegistrationCommands.listJobs, { limit: 1 })).total).toBe(before);
  });

  it('a new operational VA: a deregistration job from the old VA, then a registration job to the new one; clusters assigned by hand stay', async () => {
    expect((await licenseModeOf(operationalVa2)).mode).toBe('Enterprise');
    expect((await putSmartAccount(smartAccount({ operationalLicenses: operationalLicenses(OPERATIONAL_2) }))).status).toBe(200);
    // "If you enable autoregistration, HCM-F changes the license modes of the UC Applications to HCS mode."
    await eventually(async () => (await licenseModeOf(operationalVa2)).mode === 'HCS', { what: `${OPERATIONAL_2} in HCS mode` });
    for (const c of [cucm, cuc, enterprise, expC, fresh, left]) {
      const summary = await eventually(
        async () => {
          const s = await cluster(c.id);
          return s.status === 'Auto Registered' && s.virtualAccount === OPERATIONAL_2 ? s : undefined;
        },
        { what: `${c.id} on ${OPERATIONAL_2}`, timeoutMs: 60_000, intervalMs: 100 },
      );
      expect(summary.virtualAccountId).toBe(operationalVa2);
      const jobs = (await jobsOf(c.id)).sort((a, b) => a.initiatedAt.localeCompare(b.initiatedAt));
      const [unassign, assign] = jobs.slice(-2);
      expect(unassign).toMatchObject({ jobType: 'Unassign Cluster', status: 'Succeeded', description: expect.stringContaining(OPERATIONAL) });
      expect(assign).toMatchObject({ jobType: 'Assign Cluster', status: 'Succeeded', description: expect.stringContaining(OPERATIONAL_2) });
      expect(registeredTo(c.id)).toBe(OPERATIONAL_2);
    }
    expect(await cluster(moved.id)).toMatchObject({ status: 'Manually Registered', virtualAccount: MANUAL_VA });
    expect(await cluster(manual.id)).toMatchObject({ status: 'Manually Registered', virtualAccount: OPERATIONAL });
  });

  it('Satellite: with auto-registration off on the Direct account and on for one satellite, clusters are auto-registered through the satellite', async () => {
    expect((await putSmartAccount(smartAccount({ operationalLicenses: operationalLicenses(OPERATIONAL_2, false) }))).status).toBe(200);
    // The satellite's local account on the simulated SSM On-Prem.
    lab.cssm.state.addAccount('onprem', { key: 'Local Account', name: 'Local Account', domain: 'Local Account', type: 'CUSTOMER', status: 'ACTIVE' }, [{ name: 'va-satellite' }], [
      { clientId: 'sat-client', clientSecret: 'sat-secret' },
    ]);
    const created = await lab.api('/smart-accounts', { method: 'POST', roles: ['admin'], json: satelliteAccount('Local Account') });
    expect(created.status).toBe(201);
    const satelliteVa = await lab.virtualAccountId('va-satellite');
    await clusterCreated(viaSatellite);
    expect(await statusOf(viaSatellite.id, 'Auto Registered')).toMatchObject({ virtualAccount: 'va-satellite' });
    // Nobody set its license mode: auto-registration did (HCS), so clusters can also be assigned to it by hand.
    expect(await eventually(async () => ((await licenseModeOf(satelliteVa)).mode === 'HCS' ? licenseModeOf(satelliteVa) : undefined), { what: 'va-satellite in HCS mode' })).toMatchObject({
      autoRegistration: true,
      editable: false,
    });
    expect(agent(viaSatellite.id).transport).toMatchObject({ mode: 2 });
    // The Direct account's clusters stay where they are.
    expect(await cluster(cucm.id)).toMatchObject({ status: 'Auto Registered', virtualAccount: OPERATIONAL_2 });
  });
});
