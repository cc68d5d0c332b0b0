import { randomUUID } from 'node:crypto';
import type { ClusterSummary, Job, VaLicenseMode, VirtualAccountSummary } from '#libs/contracts';
import type { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { installInMemoryTracing } from '#libs/observability';
import { eventually } from '#libs/testing';
import { startRegistrationLab, ucCluster, type RegistrationLab } from './support/registration-lab.js';

interface BatchReply {
  virtualAccountId: string;
  jobs: { clusterId: string; jobId: string; status: string; errorCode: string | null }[];
}

/**
 * The guide's cluster registration rules through the gateway, against the CSSM and UC-application simulators:
 * "Virtual Account Summary", "Edit Virtual Account", "Assign and Unassign a Cluster to Virtual Account",
 * "View Cluster Summary", "Migration from On Premise to HCS" and the SLMCT error codes.
 */
describe('cluster registration and license mode through the gateway', () => {
  const cucm = ucCluster('cucm-1', 'cucm', 1);
  const cuc = ucCluster('cuc-1', 'cuc', 2);
  const cer = ucCluster('cer-1', 'cer', 3);
  const expC = ucCluster('expc-1', 'expressway-c', 4);
  const enterprise = ucCluster('cucm-ent', 'cucm', 5, { licenseMode: 'Enterprise' });
  const proxied = ucCluster('cucm-proxy', 'cucm', 6, { customerId: 'customer-proxy' });
  const customerProxied = ucCluster('cuc-customer-proxy', 'cuc', 7, { customerId: 'customer-proxy' });
  const edge = ucCluster('expe-customer-proxy', 'expressway-e', 8, { customerId: 'customer-proxy' });
  const old = ucCluster('cucm-old', 'cucm', 9, { version: '12.0.1' });
  const noAdmin = ucCluster('cucm-noadmin', 'cucm', 11);
  const noPlatform = ucCluster('cucm-noplatform', 'cucm', 12);
  const pak = ucCluster('expe-pak', 'expressway-e', 13);
  const unassigned = ucCluster('cer-unassigned', 'cer', 15);
  const renewed = ucCluster('cuc-renew', 'cuc', 16);
  const traced = ucCluster('cer-traced', 'cer', 17);
  // License mode changes that fail (PAWS): the mode does not survive the restart, a PAWS fault, refused platform credentials.
  const reverts = ucCluster('cucm-reverts', 'cucm', 18, { licenseMode: 'Enterprise', conditions: ['deploymentModeNotApplied'] });
  const pawsFault = ucCluster('cuc-paws-fault', 'cuc', 19, { licenseMode: 'Enterprise' });
  const badPlatform = ucCluster('cer-bad-platform', 'cer', 20, { licenseMode: 'Enterprise' });
  let spans: InMemorySpanExporter;
  let lab: RegistrationLab;
  let va1: string;
  let va2: string;

  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const cluster = async (id: string) => json<ClusterSummary>(await lab.api(`/clusters/${id}`));
  const assign = (va: string, clusterIds: string[]) => lab.api(`/virtual-accounts/${va}/clusters`, { method: 'POST', json: { clusterIds } });
  const unassign = (va: string, clusterIds: string[]) => lab.api(`/virtual-accounts/${va}/clusters/unassign`, { method: 'POST', json: { clusterIds } });
  const setMode = (va: string, mode: string) => lab.api(`/virtual-accounts/${va}/license-mode`, { method: 'PUT', json: { mode }, roles: ['admin'] });
  const assignAndWait = async (va: string, clusterIds: string[]): Promise<Job[]> => {
    const res = await assign(va, clusterIds);
    expect(res.status).toBe(202);
    const body = await json<BatchReply>(res);
    return lab.finalJobs(body.jobs.map((j) => j.jobId));
  };

  beforeAll(async () => {
    spans = installInMemoryTracing();
    lab = await startRegistrationLab({
      label: 'clreg',
      clusters: [cucm, cuc, cer, expC, enterprise, proxied, customerProxied, edge, old, noAdmin, noPlatform, pak, unassigned, renewed, traced, reverts, pawsFault, badPlatform],
    });
    await lab.provisionCustomer({ id: 'customer-1', name: 'Customer One' });
    await lab.provisionCustomer({ id: 'customer-proxy', name: 'Customer Proxy', proxy: { host: 'customer-proxy.example.com', port: 8080 } });
    await lab.provisionClusters([cucm, cuc, cer, expC, enterprise, customerProxied, edge, old, unassigned, renewed, traced, reverts, pawsFault]);
    await lab.provisionCluster(badPlatform, { credentials: { admin: badPlatform.credentials.admin, platform: { username: PLATFORM_OF(badPlatform).username, password: 'not-the-platform-password' } } });
    await lab.provisionCluster(proxied, { proxy: { host: 'cluster-proxy.example.com', port: 3128 } });
    await lab.provisionCluster(noAdmin, { credentials: { platform: PLATFORM_OF(noAdmin) } });
    await lab.provisionCluster(noPlatform, { credentials: { admin: noPlatform.credentials.admin } });
    await lab.provisionCluster(pak, { licensing: 'pak' });
    va1 = await lab.virtualAccountId('va-customer-1');
    va2 = await lab.virtualAccountId('va-customer-2');
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
  });

  it('a cluster cannot be assigned until the virtual account has a license mode (the guide\'s warning), and nothing changes', async () => {
    const res = await assign(va2, [cucm.id]);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await json<{ code: string; recommendedAction: string }>(res)).toMatchObject({ code: 'SLM1014', recommendedAction: 'Check if Virtual Account is associated with License Mode' });
    expect((await cluster(cucm.id)).virtualAccount).toBeNull();
    expect(lab.registerCalls(cucm.id)).toBe(0);
  });

  it('SLMCT1001: assigning to a virtual account that does not exist is a 404 and changes nothing', async () => {
    const res = await assign(randomUUID(), [cucm.id]);
    expect(res.status).toBe(404);
    expect(await json<{ code: string }>(res)).toMatchObject({ code: 'SLMCT1001', errors: [{ field: 'path.id' }] });
    // Not even a VA id (they are UUIDs): not found either, answered by the gateway before registration is asked.
    const malformed = await assign('no-such-va', [cucm.id]);
    expect(malformed.status).toBe(404);
    expect(await json<{ code: string }>(malformed)).toMatchObject({ code: 'NOT_FOUND', errors: [{ field: 'path.id', message: expect.stringContaining('UUID') }] });
  });

  it('a bad body names the field (400) and an operator may not set a license mode (admin only)', async () => {
    const bad = await lab.api(`/virtual-accounts/${va1}/clusters`, { method: 'POST', json: { clusterIds: [] } });
    expect(bad.status).toBe(400);
    expect(await json<{ errors: { field: string }[] }>(bad)).toMatchObject({ errors: [{ field: 'clusterIds' }] });
    const forbidden = await lab.api(`/virtual-accounts/${va1}/license-mode`, { method: 'PUT', json: { mode: 'HCS' } });
    expect(forbidden.status).toBe(403);
    const badMode = await setMode(va1, 'Flex');
    expect(badMode.status).toBe(400);
  });

  it('assigns Unified CM, Unity Connection, Emergency Responder and Expressway-C, each with its own job: Manually Registered', async () => {
    expect((await setMode(va1, 'HCS')).status).toBe(200);
    const jobs = await assignAndWait(va1, [cucm.id, cuc.id, cer.id, expC.id]);
    expect(jobs.map((j) => [j.entityId, j.jobType, j.entityType, j.status])).toEqual([
      [cucm.id, 'Assign Cluster', 'Cluster', 'Succeeded'],
      [cuc.id, 'Assign Cluster', 'Cluster', 'Succeeded'],
      [cer.id, 'Assign Cluster', 'Cluster', 'Succeeded'],
      [expC.id, 'Assign Cluster', 'Cluster', 'Succeeded'],
    ]);
    for (const id of [cucm.id, cuc.id, cer.id, expC.id]) {
      const summary = await cluster(id);
      expect(summary).toMatchObject({ virtualAccount: 'va-customer-1', virtualAccountId: va1, status: 'Manually Registered', job: { jobType: 'Assign Cluster', status: 'Succeeded' } });
      const agents = lab.snapshot(id).nodes.filter((n) => n.smartAgent).map((n) => n.smartAgent!);
      expect(agents.every((a) => a.state === 'REGISTERED' && a.registration?.virtualAccount === 'va-customer-1')).toBe(true);
      expect(lab.registerCalls(id)).toBe(id === expC.id ? 2 : 1);
    }
  });

  it('Virtual Account Summary: clusters# and customers#, license mode, description, access level; the mode cannot change while clusters are assigned', async () => {
    const summary = await eventually(async () => {
      const va = await json<VirtualAccountSummary>(await lab.api(`/virtual-accounts/${va1}/assignments`));
      return va.clusters >= 4 && va.licenseMode === 'HCS' ? va : undefined;
    }, { what: 'the VA summary' });
    expect(summary).toMatchObject({ name: 'va-customer-1', customers: 1, licenseMode: 'HCS' });
    expect(summary.smartAccountName).toBeTruthy();
    expect(typeof summary.accessLevel).toBe('string');
    const mode = await eventually(async () => {
      const m = await json<VaLicenseMode>(await lab.api(`/virtual-accounts/${va1}/license-mode`));
      return m.editable ? undefined : m;
    }, { what: 'license-mode to learn the assignments' });
    expect(mode).toMatchObject({ mode: 'HCS', editable: false, reason: 'The license mode cannot be changed as clusters are associated with the virtual account' });
    const refused = await setMode(va1, 'Enterprise');
    expect(refused.status).toBe(409);
    expect(await json<{ code: string; detail: string }>(refused)).toMatchObject({ code: 'VA_LICENSE_MODE_LOCKED' });
    expect((await json<VaLicenseMode>(await lab.api(`/virtual-accounts/${va1}/license-mode`))).mode).toBe('HCS');
  });

  it('Migration from On Premise to HCS: an Enterprise-mode cluster is changed to HCS (its publisher reboots) before it registers', async () => {
    expect(lab.snapshot(enterprise.id).licenseMode).toBe('Enterprise');
    const [job] = await assignAndWait(va1, [enterprise.id]);
    expect(job).toMatchObject({ status: 'Succeeded' });
    expect(lab.snapshot(enterprise.id).licenseMode).toBe('HCS');
    expect(lab.uc.calls.count('paws.deployment-mode.set', enterprise.id)).toBe(1);
    expect(lab.registerCalls(enterprise.id)).toBe(1);
  });

  it.each([
    ['SLMCT1003: the publisher comes back from its restart in Enterprise mode', () => reverts.id, 'SLMCT1003', 'Cluster License Mode did not change successfully', 'Check HLM Logs for more details'],
    [
      'SLMCT1002: PAWS answers setDeploymentMode with a fault',
      () => pawsFault.id,
      'SLMCT1002',
      'Exception occurred while License Mode change',
      'Check if UC application is up and its platform service is running. Check HLM Logs for more details',
    ],
    [
      'SLM1013: PAWS refuses the platform credentials when the mode is read',
      () => badPlatform.id,
      'SLM1013',
      'Smart Licensing Change License Mode request failed while get/update transport mode due to exception',
      'Check UCapps platform service is up or Publishers IP/Hostname and platform credentials are valid',
    ],
  ])('%s: the job fails with the guide\'s message and action, and the cluster is not registered', async (_name, id, code, message, action) => {
    const clusterId = id();
    lab.uc.faults.add({
      route: 'paws.deployment-mode.set',
      target: pawsFault.id,
      kind: 'status',
      status: 500,
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Platform service unavailable</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>',
    });
    try {
      const [job] = await assignAndWait(va1, [clusterId]);
      expect(job).toMatchObject({ status: 'Failed', errorCode: code, statusInfo: `${code}: ${message}`, recommendedAction: action });
    } finally {
      lab.uc.faults.clear();
    }
    expect(lab.snapshot(clusterId).licenseMode).toBe('Enterprise');
    expect(lab.registerCalls(clusterId)).toBe(0);
    // A restart only when the publisher took the new mode (and then did not keep it).
    expect(lab.uc.calls.count('paws.restart', clusterId)).toBe(clusterId === reverts.id ? 1 : 0);
  });

  it('transport settings: the cluster proxy first, else the customer proxy (not for Expressway-E), else Direct', async () => {
    const jobs = await assignAndWait(va1, [proxied.id, customerProxied.id, edge.id]);
    expect(jobs.map((j) => j.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    const transport = (id: string) => lab.snapshot(id).nodes.find((n) => n.smartAgent)!.smartAgent!.transport;
    expect(transport(proxied.id)).toMatchObject({ mode: 1, proxyIp: 'cluster-proxy.example.com', proxyPort: 3128 });
    expect(transport(customerProxied.id)).toMatchObject({ mode: 1, proxyIp: 'customer-proxy.example.com', proxyPort: 8080 });
    expect(transport(edge.id)).toMatchObject({ mode: 0 });
    expect(transport(cucm.id)).toMatchObject({ mode: 0 });
  });

  // SLMCT1008 (no application node) and SLMCT1012 (no publisher) cannot reach an assignment through provisioning: the
  // contract refuses such a cluster at the door (e2e/provisioning-contract.integration-spec.ts); assignment.rules.spec.ts
  // keeps the rules for an inventory that holds one.
  it.each([
    ['SLMCT1006 a cluster of unsupported version', () => old.id, 'SLMCT1006'],
    ['SLMCT1007 a cluster already assigned', () => cucm.id, 'SLMCT1007'],
    ['SLMCT1013 a cluster without platform credentials', () => noPlatform.id, 'SLMCT1013'],
    ['SLMCT1014 a cluster without admin credentials', () => noAdmin.id, 'SLMCT1014'],
    ['SLMCT1015 an Expressway not in smart licensing mode', () => pak.id, 'SLMCT1015'],
  ])('%s: a failed job with the code and recommended action, and nothing else changes', async (_name, id, code) => {
    const clusterId = id();
    const before = await cluster(clusterId);
    const callsBefore = lab.registerCalls(clusterId);
    const res = await assign(va1, [clusterId]);
    expect(res.status).toBe(202);
    const [ref] = (await json<BatchReply>(res)).jobs;
    expect(ref).toMatchObject({ clusterId, status: 'Failed', errorCode: code });
    const job = await json<Job>(await lab.api(`/jobs/${ref!.jobId}`));
    expect(job).toMatchObject({ jobType: 'Assign Cluster', entityType: 'Cluster', errorCode: code, status: 'Failed' });
    expect(job.statusInfo).toMatch(new RegExp(`^${code}: `));
    expect(job.recommendedAction).toBeTruthy();
    const after = await cluster(clusterId);
    expect([after.virtualAccount, after.status]).toEqual([before.virtualAccount, before.status]);
    expect(lab.registerCalls(clusterId)).toBe(callsBefore);
  });

  it('SLMCT1011: unassigning a cluster that is not assigned fails its job and changes nothing', async () => {
    const res = await unassign(va1, [unassigned.id]);
    expect(res.status).toBe(202);
    expect((await json<BatchReply>(res)).jobs[0]).toMatchObject({ status: 'Failed', errorCode: 'SLMCT1011' });
    expect(lab.uc.calls.count('cer.cli.deregister', unassigned.id)).toBe(0);
  });

  it('renew ID and renew authorization on demand', async () => {
    await assignAndWait(va1, [renewed.id]);
    const id = await json<{ jobId: string }>(await lab.api(`/clusters/${renewed.id}/renew-id`, { method: 'POST' }));
    const [renewId] = await lab.finalJobs([id.jobId]);
    const auth = await json<{ jobId: string }>(await lab.api(`/clusters/${renewed.id}/renew-auth`, { method: 'POST' }));
    const [renewAuth] = await lab.finalJobs([auth.jobId]);
    expect([renewId!.jobType, renewId!.status, renewAuth!.jobType, renewAuth!.status]).toEqual(['Renew ID', 'Succeeded', 'Renew Authorization', 'Succeeded']);
    expect(lab.uc.calls.count('cuc.renewID', renewed.id)).toBe(1);
    expect(lab.uc.calls.count('cuc.renewAuth', renewed.id)).toBe(1);
    const unassignedRenew = await lab.api(`/clusters/${unassigned.id}/renew-id`, { method: 'POST' });
    expect(await json<{ status: string; errorCode: string }>(unassignedRenew)).toMatchObject({ status: 'Failed', errorCode: 'SLMCT1011' });
  });

  it('unassign deregisters: Deregistered, and the cluster leaves the virtual account', async () => {
    const res = await unassign(va1, [cer.id]);
    const [job] = await lab.finalJobs((await json<BatchReply>(res)).jobs.map((j) => j.jobId));
    expect(job).toMatchObject({ jobType: 'Unassign Cluster', status: 'Succeeded' });
    expect(await cluster(cer.id)).toMatchObject({ virtualAccount: null, status: 'Deregistered', job: { jobType: 'Unassign Cluster' } });
    expect(lab.snapshot(cer.id).nodes[0]!.smartAgent!.state).toBe('DEREGISTERED');
    const assigned = await json<{ items: ClusterSummary[] }>(await lab.api(`/virtual-accounts/${va1}/clusters`));
    expect(assigned.items.map((c) => c.id)).not.toContain(cer.id);
    expect(assigned.items.map((c) => c.id)).toContain(cuc.id);
    const deleted = await lab.api(`/virtual-accounts/${va1}/clusters`, { method: 'DELETE', json: { clusterIds: [cucm.id] } });
    expect(deleted.status).toBe(202);
    await lab.finalJobs((await json<BatchReply>(deleted)).jobs.map((j) => j.jobId));
    expect((await cluster(cucm.id)).status).toBe('Deregistered');
  });

  it('Cluster Summary: filter by customer and by the guide\'s Expressway type keywords, sort, page; GET /jobs filters', async () => {
    const byCore = await json<{ items: ClusterSummary[] }>(await lab.api('/clusters?type=expressway%20core'));
    expect(byCore.items.map((c) => c.id)).toEqual([expC.id]);
    // "List of Expressway E and C clusters with version X12.6 and later that are configured with Smart licensing mode":
    // the PAK-licensed Expressway-E is listed only when the clusters the guide leaves out are asked for.
    const byEdge = await json<{ items: ClusterSummary[] }>(await lab.api('/clusters?type=edge&sort=name'));
    expect(byEdge.items.map((c) => c.id)).toEqual([edge.id]);
    const notListed = await json<{ items: ClusterSummary[] }>(await lab.api('/clusters?type=edge&eligible=false'));
    expect(notListed.items.map((c) => c.id)).toEqual([pak.id]);
    const allEdges = await json<{ total: number }>(await lab.api('/clusters?type=edge&eligible=all'));
    expect(allEdges.total).toBe(2);
    const byCustomer = await json<{ total: number; items: ClusterSummary[] }>(await lab.api('/clusters?customerId=customer-proxy&sort=name&order=desc&limit=2'));
    expect(byCustomer.total).toBe(3);
    expect(byCustomer.items.map((c) => c.name)).toEqual([proxied.name, edge.name].sort().reverse());
    const byName = await json<{ total: number }>(await lab.api('/clusters?customer=proxy'));
    expect(byName.total).toBe(3);
    const badType = await lab.api('/clusters?type=pbx');
    expect(badType.status).toBe(400);
    const failed = await json<{ items: Job[] }>(await lab.api('/jobs?status=Failed&errorCode=SLMCT1006'));
    expect(failed.items.map((j) => j.entityId)).toEqual([old.id]);
    const forCluster = await json<{ items: Job[] }>(await lab.api(`/jobs?entityId=${cucm.id}`));
    expect(forCluster.items.map((j) => j.jobType)).toEqual(['Unassign Cluster', 'Assign Cluster', 'Assign Cluster']);
  });

  it('one trace follows an assignment from the operator through the job steps to the UC application', async () => {
    const res = await assign(va1, [traced.id]);
    expect(res.status).toBe(202);
    const traceId = res.headers.get('traceresponse')!.split('-')[1];
    const body = await json<BatchReply>(res);
    const [job] = await lab.finalJobs(body.jobs.map((j) => j.jobId));
    expect(job.status).toBe('Succeeded');
    const names = await eventually(() => {
      const inTrace = spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId).map((s) => s.name);
      return inTrace.includes('smartlic.cmd.caa.v1.cer.register handle') ? inTrace : undefined;
    }, { what: 'the register command in the operator trace' });
    expect(names).toEqual(expect.arrayContaining(['POST /api/v1/virtual-accounts/:id/clusters', 'Assign Cluster register', 'smartlic.cmd.caa.v1.cer.register handle', 'Assign Cluster verify']));
    // The UC application call itself (app-adapter's CLIENT span towards the Emergency Responder's platform CLI).
    expect(names).toContain('cer cli license smart register idtoken');
  });
});

const PLATFORM_OF = (sim: { credentials: { platform?: { username: string; password: string } } }) => sim.credentials.platform!;
