import { Client } from 'pg';
import { createEnvelope, RegistrationEvents, type Job, type SmartAccountView, type SyncJobView } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { CLIENT, DOMAIN, startRegistrationLab, ucCluster, type RegistrationLab } from './support/registration-lab.js';

/**
 * Per-VA cluster and customer counts under concurrency (issue 16, point 7): three unassignments from one VA finishing
 * together each used to publish the count of their own transaction (all "2"), sync kept the last, and then refused a
 * transport change or a smart-account deletion "while clusters are assigned" when none were.
 */
describe('virtual account assignment counts under concurrent jobs', () => {
  const clusters = [ucCluster('cucm-cnt-1', 'cucm', 71), ucCluster('cucm-cnt-2', 'cucm', 72), ucCluster('cucm-cnt-3', 'cucm', 73, { customerId: 'customer-2' })];
  let lab: RegistrationLab;
  let va: string;
  let account: SmartAccountView;

  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const jobsOf = async (res: Response): Promise<Job[]> => {
    expect(res.status).toBe(202);
    return lab.finalJobs((await json<{ jobs: { jobId: string }[] }>(res)).jobs.map((j) => j.jobId));
  };
  const syncCounts = async () => (await lab.services.sync!.dataSource.query(`SELECT clusters, customers, version FROM va_assignment WHERE virtual_account = 'va-customer-1'`)) as { clusters: number; customers: number; version: string | null }[];
  const summaryClusters = async () => (await json<{ clusters: number; customers: number }>(await lab.api(`/virtual-accounts/${va}`, { roles: ['viewer'] })));
  /** The counts registration published for the VA, by version (outbox rows are stamped when their transaction began). */
  const published = async () =>
    ((await lab.services.registration!.dataSource.query(`SELECT payload FROM outbox WHERE subject LIKE '%va-assignments.changed'`)) as { payload: { data: { virtualAccount: string; clusters: number; version?: number } } }[])
      .map((r) => r.payload.data)
      .filter((d) => d.virtualAccount === 'va-customer-1')
      .sort((a, b) => a.version! - b.version!);

  beforeAll(async () => {
    lab = await startRegistrationLab({ label: 'vacounts', clusters, env: { REGISTRATION_JOB_LEASE_MS: '20s' } });
    await lab.provisionCustomer({ id: 'customer-1', name: 'Customer One' });
    await lab.provisionCustomer({ id: 'customer-2', name: 'Customer Two' });
    await lab.provisionClusters(clusters);
    va = await lab.virtualAccountId('va-customer-1');
    account = (await json<{ items: SmartAccountView[] }>(await lab.api('/smart-accounts', { roles: ['viewer'] }))).items.find((a) => a.domain === DOMAIN)!;
    expect((await lab.api(`/virtual-accounts/${va}/license-mode`, { method: 'PUT', json: { mode: 'HCS' }, roles: ['admin'] })).status).toBe(200);
    const assigned = await jobsOf(await lab.api(`/virtual-accounts/${va}/clusters`, { method: 'POST', json: { clusterIds: clusters.map((c) => c.id) } }));
    expect(assigned.map((j) => j.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    await eventually(async () => (await summaryClusters()).clusters === 3, { what: 'three clusters in the Virtual Account Summary' });
  }, 180_000);

  afterAll(async () => {
    await lab?.close();
  });

  it('three unassignments finishing at the same moment leave the VA at 0 clusters and 0 customers, in sync and license-mode', async () => {
    // The jobs start, and while the applications take their time to deregister, the clusters' registration rows are
    // held: the three jobs reach their last transaction and wait there together, then finish at the same moment.
    lab.uc.latency.set([{ route: 'cucm.axl.deregister', fixedMs: 1500 }]);
    const blocker = new Client({ connectionString: lab.env.databaseUrl });
    await blocker.connect();
    try {
      const requests = await Promise.all(clusters.map((c) => lab.api(`/virtual-accounts/${va}/clusters/unassign`, { method: 'POST', json: { clusterIds: [c.id] } })));
      await blocker.query('BEGIN');
      await blocker.query('SELECT cluster_id FROM registration.cluster_registration WHERE cluster_id = ANY($1) FOR UPDATE', [clusters.map((c) => c.id)]);
      // Every application deregistered and verified, and the jobs queued behind the held rows (their last statement).
      await eventually(
        async () => {
          if (clusters.some((c) => lab.uc.calls.count('cucm.axl.deregister', c.id) === 0)) return false;
          const rows: { n: number }[] = (await blocker.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))')).rows;
          return rows[0].n >= 3;
        },
        { what: 'the three unassignment jobs waiting to finish together', timeoutMs: 30_000 },
      );
      await new Promise((r) => setTimeout(r, 1_000));
      await blocker.query('COMMIT');
      lab.uc.latency.set([]);
      const jobs = (await Promise.all(requests.map(jobsOf))).flat();
      expect(jobs.map((j) => [j.jobType, j.status])).toEqual(Array(3).fill(['Unassign Cluster', 'Succeeded']));
    } finally {
      await blocker.end();
    }

    // Counted one after another: the three changes publish 2, 1 and 0, in the order of their versions (distinct).
    const changes = (await published()).slice(-3);
    expect(changes.map((d) => d.clusters)).toEqual([2, 1, 0]);
    expect(new Set(changes.map((d) => d.version)).size).toBe(3);
    await eventually(async () => (await summaryClusters()).clusters === 0, { what: 'the Virtual Account Summary at 0 clusters' });
    expect(await summaryClusters()).toMatchObject({ clusters: 0, customers: 0 });
    await eventually(async () => {
      const rows: { assigned_clusters: number }[] = await lab.services['license-mode']!.dataSource.query(`SELECT assigned_clusters FROM va_license_mode WHERE virtual_account = 'va-customer-1'`);
      return rows[0]?.assigned_clusters === 0;
    }, { what: 'license-mode to count 0 clusters' });
  }, 90_000);

  it('an older count arriving late changes nothing, and every sync repairs a wrong one', async () => {
    const [before] = await syncCounts();
    // A redelivered or late message with a lower version: ignored.
    const stale = createEnvelope(RegistrationEvents.vaAssignmentsChanged.type, 1, { smartAccountId: account.id, virtualAccount: 'va-customer-1', clusters: 2, customers: 1, version: 1 });
    await lab.handles.js.publish(lab.handles.subjects.qualify(RegistrationEvents.vaAssignmentsChanged.subject), JSON.stringify(stale), { msgID: stale.id });
    // A count from a registration without versions (before the upgrade): applied by occurredAt, so wrong until repaired.
    const legacy = createEnvelope(RegistrationEvents.vaAssignmentsChanged.type, 1, { smartAccountId: account.id, virtualAccount: 'va-customer-1', clusters: 2, customers: 1 });
    await lab.handles.js.publish(lab.handles.subjects.qualify(RegistrationEvents.vaAssignmentsChanged.subject), JSON.stringify(legacy), { msgID: legacy.id });
    await eventually(async () => (await syncCounts())[0]?.clusters === 2, { what: 'the legacy count applied' });
    expect((await syncCounts())[0]!.version).toBe(before!.version);

    const started = await lab.api(`/smart-accounts/${account.id}/sync`, { method: 'POST' });
    expect(started.status).toBe(202);
    const { jobId } = await json<{ jobId: string }>(started);
    await eventually(async () => {
      const page = await json<{ items: SyncJobView[] }>(await lab.api(`/smart-accounts/${account.id}/sync-jobs`, { roles: ['viewer'] }));
      return page.items.find((j) => j.id === jobId)?.status === 'Succeeded';
    }, { what: 'the sync job' });
    await eventually(async () => (await syncCounts())[0]?.clusters === 0, { what: 'the count repaired by the sync' });
    expect(Number((await syncCounts())[0]!.version)).toBeGreaterThan(Number(before!.version));
  });

  it('a transport change and the smart account\'s removal are no longer refused "while clusters are assigned"', async () => {
    const edit = await lab.api(`/smart-accounts/${account.id}`, {
      method: 'PUT',
      roles: ['admin'],
      json: { domain: DOMAIN, clientId: CLIENT.clientId, name: account.name, transportMode: 'Proxy', proxy: { host: 'proxy.example.com', port: 3128 } },
    });
    expect(edit.status).toBe(200);
    expect((await json<{ smartAccount: SmartAccountView }>(edit)).smartAccount).toMatchObject({ transportMode: 'Proxy' });
    const removed = await lab.api(`/smart-accounts/${account.id}`, { method: 'DELETE', roles: ['admin'] });
    expect(removed.status).toBeLessThan(300);
  });
});
