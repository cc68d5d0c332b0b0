import { Agent, request } from 'undici';
import { CaaCommands, CLUSTER_STATUSES, RegistrationCommands, SyncCommands, type ClusterSummary, type Job, type StatusRefresh } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { startRegistrationLab, ucCluster, type RegistrationLab } from './support/registration-lab.js';

interface BatchReply {
  virtualAccountId: string;
  jobs: { clusterId: string; jobId: string; status: string; errorCode: string | null; statusInfo: string | null }[];
}

/**
 * The guide's "View Cluster Summary" as it is on the applications, not only as smartlic's jobs left it: changes made
 * on the simulated applications themselves (their admin API: an operator on the box, CSSM removing an instance) reach
 * the Cluster Summary through a status refresh (on demand or on schedule, default configuration) or app-adapter's
 * status events, with the guide's statuses and priorities.
 */
describe('a live Cluster Summary', () => {
  const live = ucCluster('cucm-live', 'cucm', 41);
  const cucNever = ucCluster('cuc-never', 'cuc', 42);
  const cerNever = ucCluster('cer-never', 'cer', 43);
  const partial = ucCluster('expc-partial', 'expressway-c', 44);
  const multiple = ucCluster('expe-multi', 'expressway-e', 45);
  const old = ucCluster('cucm-old', 'cucm', 46, { version: '11.5.1' });
  const faulty = ucCluster('cuc-fault', 'cuc', 47);
  const scheduled = ucCluster('cer-sched', 'cer', 48);
  const rejected = ucCluster('cer-failed', 'cer', 49);
  const eligible = [live, cucNever, cerNever, partial, multiple, faulty, scheduled, rejected];
  let lab: RegistrationLab;
  let admin: Agent;
  let va1: string;
  let va2: string;
  let smartAccountId: string;

  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const cluster = async (id: string) => json<ClusterSummary>(await lab.api(`/clusters/${id}`));
  const list = async (query: string) => json<{ total: number; items: ClusterSummary[] }>(await lab.api(`/clusters?${query}`));

  /** What an operator does on the application itself: through the simulator's admin API. */
  const onTheBox = async (clusterId: string, path: string, body: unknown, method = 'POST') => {
    const res = await request(`${lab.uc.url}/__admin/clusters/${clusterId}/smart-agent${path}`, {
      method: method as 'POST' | 'PUT',
      dispatcher: admin,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await res.body.json();
    expect([res.statusCode, answer]).toEqual([200, expect.anything()]);
  };
  /** A product registration token of the VA, as an operator would copy it from CSSM to the application. */
  const tokenOf = async (virtualAccount: string) => (await lab.commands.request(SyncCommands.getToken, { smartAccountId, virtualAccount })).token;

  const finished = (id: string) =>
    eventually(
      async () => {
        const refresh = await json<StatusRefresh>(await lab.api(`/clusters/status-refresh/${id}`));
        return refresh.completedAt ? refresh : undefined;
      },
      { what: `status refresh ${id}`, timeoutMs: 30_000, intervalMs: 100 },
    );
  const refresh = async (clusterId: string): Promise<ClusterSummary> => {
    const res = await lab.api(`/clusters/${clusterId}/status-refresh`, { method: 'POST' });
    expect(res.status).toBe(202);
    const queued = await json<StatusRefresh>(res);
    expect(queued).toMatchObject({ trigger: 'operator', clusterIds: [clusterId], skipped: [] });
    expect(await finished(queued.id)).toMatchObject({ refreshed: 1, failed: 0 });
    return cluster(clusterId);
  };
  const assign = async (va: string, clusterIds: string[]): Promise<BatchReply> =>
    json<BatchReply>(await lab.api(`/virtual-accounts/${va}/clusters`, { method: 'POST', json: { clusterIds } }));
  const unassign = async (va: string, clusterIds: string[]): Promise<BatchReply> =>
    json<BatchReply>(await lab.api(`/virtual-accounts/${va}/clusters/unassign`, { method: 'POST', json: { clusterIds } }));
  const settled = async (reply: BatchReply): Promise<Job[]> => lab.finalJobs(reply.jobs.map((j) => j.jobId));

  beforeAll(async () => {
    lab = await startRegistrationLab({ label: 'livesum', clusters: [...eligible, old] });
    admin = new Agent({ connect: { ca: lab.uc.caPem! } });
    await lab.provisionCustomer({ id: 'customer-1', name: 'Customer One' });
    await lab.provisionClusters([...eligible, old]);
    va1 = await lab.virtualAccountId('va-customer-1');
    va2 = await lab.virtualAccountId('va-customer-2');
    smartAccountId = (await lab.commands.request(RegistrationCommands.getVirtualAccount, { id: va1 })).smartAccountId;
    for (const va of [va1, va2]) expect((await lab.api(`/virtual-accounts/${va}/license-mode`, { method: 'PUT', json: { mode: 'HCS' }, roles: ['admin'] })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await admin?.close();
    await lab?.close();
  });

  it('"Deregistered - clusters are not assigned to any virtual account": an eligible cluster never assigned shows its real state after a refresh', async () => {
    expect(await cluster(cerNever.id)).toMatchObject({ status: null, agentState: null, virtualAccount: null });
    const summary = await refresh(cerNever.id);
    expect(summary).toMatchObject({
      status: 'Deregistered',
      virtualAccount: null,
      statusDetails: { source: 'application', description: 'Not registered to any virtual account' },
      agentState: { registrationStatus: 'evaluation', refreshError: null },
    });
    expect(summary.agentState!.checkedAt).toBeTruthy();
  });

  it('a registration made on the application itself reaches the Cluster Summary within one refresh: Manually Registered, its VA resolved by name', async () => {
    await onTheBox(cerNever.id, '/register', { token: await tokenOf('va-customer-2') });
    expect((await cluster(cerNever.id)).status).toBe('Deregistered');
    const summary = await refresh(cerNever.id);
    expect(summary).toMatchObject({ status: 'Manually Registered', virtualAccount: 'va-customer-2', virtualAccountId: va2, smartAccountId, statusDetails: { source: 'application' } });
    expect(summary.statusDetails!.description).toBe('Registered to virtual account va-customer-2 outside smartlic');
    expect(summary.smartAccount).toBeTruthy();
    // It shows on that VA, and can be unassigned from it through smartlic like any cluster there.
    expect((await json<{ items: ClusterSummary[] }>(await lab.api(`/virtual-accounts/${va2}/clusters`))).items.map((c) => c.id)).toEqual([cerNever.id]);
    const [job] = await settled(await unassign(va2, [cerNever.id]));
    expect(job).toMatchObject({ jobType: 'Unassign Cluster', status: 'Succeeded' });
    expect(await cluster(cerNever.id)).toMatchObject({ status: 'Deregistered', virtualAccount: null });
    expect(lab.snapshot(cerNever.id).nodes[0]!.smartAgent!.state).toBe('DEREGISTERED');
  });

  it("a state another caller read live reaches the Cluster Summary through app-adapter's status event, without a refresh", async () => {
    await onTheBox(cucNever.id, '/register', { token: await tokenOf('va-customer-1') });
    const read = await lab.commands.request(CaaCommands.status('cuc'), { clusterId: cucNever.id });
    expect(read).toMatchObject({ registrationStatus: 'registered', virtualAccount: 'va-customer-1' });
    const summary = await eventually(async () => {
      const c = await cluster(cucNever.id);
      return c.status === 'Manually Registered' ? c : undefined;
    }, { what: 'the status event in the Cluster Summary' });
    expect(summary).toMatchObject({ virtualAccount: 'va-customer-1', virtualAccountId: va1, agentState: { registrationStatus: 'registered', checkedAt: read.checkedAt } });
  });

  it('a registration lost outside smartlic shows Deregistered with the way back, and assigning again registers it', async () => {
    const [assigned] = await settled(await assign(va1, [live.id]));
    expect(assigned).toMatchObject({ status: 'Succeeded' });
    expect(await cluster(live.id)).toMatchObject({ status: 'Manually Registered', statusDetails: { source: 'job' } });
    await onTheBox(live.id, '/deregister', {});
    expect((await cluster(live.id)).status).toBe('Manually Registered');
    const lost = await refresh(live.id);
    expect(lost).toMatchObject({ status: 'Deregistered', virtualAccount: 'va-customer-1', statusDetails: { source: 'application', recommendedAction: 'Assign the cluster again to register it' } });
    expect(lost.statusDetails!.description).toMatch(/removed or lost outside smartlic/);
    const [again] = await settled(await assign(va1, [live.id]));
    expect(again).toMatchObject({ jobType: 'Assign Cluster', status: 'Succeeded' });
    expect(await cluster(live.id)).toMatchObject({ status: 'Manually Registered', virtualAccount: 'va-customer-1' });
  });

  it('an expired registration shows Deregistered and when it expired', async () => {
    await onTheBox(live.id, '', { state: 'REGISTERED', registration: { smartAccount: 'HCS Service Provider', virtualAccount: 'va-customer-1', registrationExpires: '2020-01-01T00:00:00.000Z' } }, 'PUT');
    const expired = await refresh(live.id);
    expect(expired).toMatchObject({ status: 'Deregistered', statusDetails: { source: 'application' } });
    expect(expired.statusDetails!.description).toMatch(/^The registration to virtual account va-customer-1 expired on 2020-01-01/);
  });

  it('a failed assignment ("Manual Registration Failed") stands against a later read until the cluster is seen registered to its VA', async () => {
    const conditions = async (body: unknown) => {
      const res = await request(`${lab.uc.url}/__admin/clusters/${rejected.id}/conditions`, { method: 'PUT', dispatcher: admin, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.body.text();
    };
    await conditions({ registrationRejected: true });
    const [job] = await settled(await assign(va1, [rejected.id]));
    expect(job).toMatchObject({ jobType: 'Assign Cluster', status: 'Failed' });
    await conditions({ registrationRejected: false });
    const stands = await refresh(rejected.id);
    expect(stands).toMatchObject({ status: 'Manual Registration Failed', agentState: { registrationStatus: 'evaluation' }, statusDetails: { source: 'job', recommendedAction: job!.recommendedAction } });
    expect(stands.statusDetails!.description).toBe(`${job!.statusInfo} (last read of the application: The application reports the cluster is not registered (assigned to virtual account va-customer-1))`);
    await onTheBox(rejected.id, '/register', { token: await tokenOf('va-customer-1') });
    expect(await refresh(rejected.id)).toMatchObject({ status: 'Manually Registered', virtualAccount: 'va-customer-1', statusDetails: { source: 'application' } });
  });

  it('"Partially Registered - All nodes of a cluster are not registered": an Expressway with nodes in different states', async () => {
    await onTheBox(partial.id, '/register', { token: await tokenOf('va-customer-1'), nodes: [`${partial.id}-pub`] });
    const summary = await refresh(partial.id);
    expect(summary).toMatchObject({ status: 'Partially Registered', virtualAccount: 'va-customer-1', agentState: { registrationStatus: 'partially-registered' } });
    expect(summary.agentState!.nodes).toEqual([
      { hostname: `${partial.id}-pub`, registrationStatus: 'registered', virtualAccount: 'va-customer-1' },
      { hostname: `${partial.id}-sub`, registrationStatus: 'evaluation', virtualAccount: null },
    ]);
    expect(summary.statusDetails!.description).toBe(`1 of 2 nodes are registered to virtual account va-customer-1; not registered: ${partial.id}-sub`);
  });

  it('"Multiple Virtual Account Registered": nodes registered to two VAs, and "you cannot assign/unassign clusters using the HCM-F application"', async () => {
    const [assigned] = await settled(await assign(va1, [multiple.id]));
    expect(assigned).toMatchObject({ status: 'Succeeded' });
    await onTheBox(multiple.id, '/register', { token: await tokenOf('va-customer-2'), nodes: [`${multiple.id}-sub`], force: true });
    const summary = await refresh(multiple.id);
    expect(summary).toMatchObject({ status: 'Multiple Virtual Account Registered', agentState: { registrationStatus: 'multiple-virtual-accounts', virtualAccounts: ['va-customer-1', 'va-customer-2'] } });
    expect(summary.statusDetails!.recommendedAction).toMatch(/Use the Expressway application/);
    const calls = lab.registerCalls(multiple.id);
    const refusedAssign = await assign(va2, [multiple.id]);
    expect(refusedAssign.jobs[0]).toMatchObject({ status: 'Failed', errorCode: 'SLMCT1007' });
    expect(refusedAssign.jobs[0]!.statusInfo).toBe('SLMCT1007: Cluster is already assigned (registered to several virtual accounts (va-customer-1, va-customer-2): use the Expressway application)');
    const refusedUnassign = await unassign(va1, [multiple.id]);
    expect(refusedUnassign.jobs[0]).toMatchObject({ status: 'Failed', errorCode: 'SLMCT1011' });
    expect(refusedUnassign.jobs[0]!.statusInfo).toMatch(/several virtual accounts/);
    expect(lab.registerCalls(multiple.id)).toBe(calls);
    const agents = lab.snapshot(multiple.id).nodes.map((n) => [n.smartAgent?.state, n.smartAgent?.registration?.virtualAccount]);
    expect(agents).toEqual([['REGISTERED', 'va-customer-1'], ['REGISTERED', 'va-customer-2']]);
    expect((await cluster(multiple.id)).status).toBe('Multiple Virtual Account Registered');
  });

  it('a refresh for the Cluster Summary\'s filters records a failing cluster with its code and reads the others (operator role, audited)', async () => {
    expect((await lab.api('/clusters/status-refresh', { method: 'POST', json: { type: 'cuc' }, roles: ['viewer'] })).status).toBe(403);
    expect((await lab.api('/clusters/status-refresh', { method: 'POST', json: { type: 'pbx' } })).status).toBe(400);
    const fault = lab.uc.faults.add({ route: '*', target: faulty.id, kind: 'reset' });
    try {
      const res = await lab.api('/clusters/status-refresh', { method: 'POST', json: { type: 'Unity Connection' } });
      expect(res.status).toBe(202);
      const queued = await json<StatusRefresh>(res);
      expect(queued.clusterIds.sort()).toEqual([cucNever.id, faulty.id].sort());
      const done = await finished(queued.id);
      expect(done).toMatchObject({ refreshed: 1, failed: 1, failures: [{ clusterId: faulty.id, code: 'CAA1046' }] });
    } finally {
      lab.uc.faults.remove(fault);
    }
    expect((await cluster(faulty.id)).agentState).toMatchObject({ registrationStatus: 'unknown', refreshError: { code: 'CAA1046' } });
    expect((await cluster(cucNever.id)).agentState).toMatchObject({ registrationStatus: 'registered', refreshError: null });
    const audit = await json<{ method: string; path: string; status: number }[]>(await lab.api('/audit-log', { roles: ['admin'] }));
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ method: 'POST', path: '/api/v1/clusters/status-refresh', status: 202 })]));
  });

  it('filters are applied before paging: items and total are right on every page, for the shown status and VA too', async () => {
    expect(await list('limit=3&sort=name')).toMatchObject({ total: eligible.length });
    const pages = [await list('limit=3&offset=0&sort=name'), await list('limit=3&offset=3&sort=name'), await list('limit=3&offset=6&sort=name')];
    const paged = pages.flatMap((p) => p.items.map((c) => c.id));
    expect(paged).toHaveLength(eligible.length);
    expect(new Set(paged)).toEqual(new Set(eligible.map((c) => c.id)));
    expect(pages.map((p) => p.total)).toEqual([eligible.length, eligible.length, eligible.length]);
    expect(await list('limit=3&offset=100')).toEqual({ total: eligible.length, items: [] });
    // "List of Unified Communication clusters with the version 12.5 and later": the 11.5 Unified CM is not listed.
    expect((await list('eligible=false')).items.map((c) => c.id)).toEqual([old.id]);
    expect((await list('eligible=all')).total).toBe(eligible.length + 1);
    const all = (await list('limit=1000')).items;
    for (const status of CLUSTER_STATUSES) {
      const page = await list(`status=${encodeURIComponent(status)}&limit=1`);
      expect([status, page.total]).toEqual([status, all.filter((c) => c.status === status).length]);
      expect(page.items.every((c) => c.status === status)).toBe(true);
    }
    expect((await list(`status=${encodeURIComponent('Partially Registered')}`)).items.map((c) => c.id)).toEqual([partial.id]);
    const onVa1 = await list(`virtualAccountId=${va1}&limit=2&sort=name`);
    expect(onVa1.total).toBe(all.filter((c) => c.virtualAccountId === va1).length);
    expect(onVa1.items.every((c) => c.virtualAccountId === va1)).toBe(true);
    expect((await list('type=expressway&limit=1')).total).toBe(2);
    // Sorted by status in the guide's priority order.
    const byStatus = (await list('sort=status&limit=1000')).items.map((c) => c.status).filter((s) => s !== null);
    expect(byStatus).toEqual([...byStatus].sort((a, b) => CLUSTER_STATUSES.indexOf(a) - CLUSTER_STATUSES.indexOf(b)));
    // The other sort keys: every cluster, ascending the reverse of descending (ties in id order both ways), empty values last.
    const sortKeys = { customer: 'customerName', smartAccount: 'smartAccount', virtualAccount: 'virtualAccount', updatedAt: 'updatedAt' } as const;
    for (const [sort, field] of Object.entries(sortKeys)) {
      const [asc, desc] = [(await list(`sort=${sort}&limit=1000`)).items, (await list(`sort=${sort}&order=desc&limit=1000`)).items];
      expect([sort, asc.length, desc.length]).toEqual([sort, eligible.length, eligible.length]);
      const values = (items: ClusterSummary[]) => items.map((c) => c[field]);
      const filled = (items: ClusterSummary[]) => values(items).filter((v) => v !== null);
      expect([sort, filled(asc)]).toEqual([sort, filled(desc).reverse()]);
      for (const items of [asc, desc]) expect([sort, values(items).slice(filled(items).length).every((v) => v === null)]).toEqual([sort, true]);
    }
  });

  it('the scheduled refresh runs with the default configuration and brings a change made on the application', async () => {
    const config = lab.services.registration!.config as { REGISTRATION_STATUS_REFRESH_INTERVAL: number; REGISTRATION_STATUS_REFRESH_TICK: number };
    expect([config.REGISTRATION_STATUS_REFRESH_INTERVAL, config.REGISTRATION_STATUS_REFRESH_TICK]).toEqual([3_600_000, 10_000]);
    await onTheBox(scheduled.id, '/register', { token: await tokenOf('va-customer-1') });
    expect(await cluster(scheduled.id)).toMatchObject({ status: null, agentState: null });
    // An hour has passed since the last scheduled run (the first one comes one interval after the first start).
    await lab.services.registration!.dataSource.query(`UPDATE status_refresh_schedule SET last_run_at = now() - interval '61 minutes', jitter_ms = 0`);
    const summary = await eventually(async () => {
      const c = await cluster(scheduled.id);
      return c.status ? c : undefined;
    }, { what: 'the scheduled refresh', timeoutMs: 45_000, intervalMs: 250 });
    expect(summary).toMatchObject({ status: 'Manually Registered', virtualAccount: 'va-customer-1', virtualAccountId: va1 });
    // The run finishes and lets the schedule go; the next one is an interval (plus jitter) away.
    const db = lab.services.registration!.dataSource;
    await eventually(async () => ((await db.query('SELECT locked_by FROM status_refresh_schedule')) as { locked_by: string | null }[])[0]!.locked_by === null, { what: 'the lease released' });
    const runs: { trigger: string; cluster_ids: string[]; completed_at: Date | null }[] = await db.query(`SELECT trigger, cluster_ids, completed_at FROM status_refresh WHERE trigger = 'schedule'`);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.completed_at).not.toBeNull();
    // Every cluster the Cluster Summary lists, but not the one below 12.5.
    expect(runs[0]!.cluster_ids).toContain(scheduled.id);
    expect(runs[0]!.cluster_ids).not.toContain(old.id);
  });
});
