import { CaaCommands } from '#libs/contracts';
import { eventually } from '#libs/testing';
import { startCaaLab, ucCluster, type CaaLab } from './__tests__/fixtures/caa-lab.fixture.js';

const ABANDONED = ucCluster('cucm-abandoned', 'cucm', 51, { licenseMode: 'Enterprise' });
const HELD = ucCluster('cucm-held', 'cucm', 52, { licenseMode: 'Enterprise' });

/**
 * Several app-adapter replicas share pending_license_mode_change: a change is worked on by the replica holding its
 * lease. Here the other replicas are rows written as they would leave them: one crashed (lease expired), one alive
 * (lease running, never renewed since it is only a row).
 */
describe('pending license mode changes between replicas (owner and lease)', () => {
  let lab: CaaLab;
  const calls = (route: string, clusterId: string) => lab.uc.calls.count(route, clusterId);
  const insertPending = (clusterId: string, owner: string, leaseSeconds: number) =>
    lab.adapter.dataSource.query(
      `INSERT INTO pending_license_mode_change (cluster_id, application_type, node, target_mode, previous_mode, step, change_id, owner, lease_until)
       VALUES ($1, 'cucm', $1 || '-pub', 'HCS', 'Enterprise', 'setting', gen_random_uuid(), $2, now() + $3 * interval '1 second')`,
      [clusterId, owner, leaseSeconds],
    );
  const pending = async (clusterId: string) => ((await lab.adapter.dataSource.query('SELECT owner FROM pending_license_mode_change WHERE cluster_id = $1', [clusterId])) as { owner: string }[])[0];

  beforeAll(async () => {
    lab = await startCaaLab('caa-lease', { clusters: [ABANDONED, HELD] }, { rebootMs: 300, extraEnv: { CAA_LICENSE_MODE_LEASE_MS: '1s' } });
    for (const c of [ABANDONED, HELD]) await lab.provision(lab.clusterOf(c));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it("a change whose holder's lease expired (a crashed replica) is resumed by a running one, unasked: set once, restart once", async () => {
    await insertPending(ABANDONED.id, 'crashed-replica', -1);
    await eventually(async () => (await pending(ABANDONED.id)) === undefined, { what: 'the abandoned change resumed', timeoutMs: 20_000, intervalMs: 100 });
    expect({ set: calls('paws.deployment-mode.set', ABANDONED.id), restart: calls('paws.restart', ABANDONED.id), mode: lab.uc.clusters.get(ABANDONED.id)!.licenseMode }).toEqual({
      set: 1,
      restart: 1,
      mode: 'HCS',
    });
  });

  it('a change another replica holds is left to it; a request for it waits, and takes it over once that lease lapses (resumed)', async () => {
    await insertPending(HELD.id, 'live-replica', 3);
    const asked = Date.now();
    const answer = lab.commands.request(CaaCommands.setLicenseMode('cucm'), { clusterId: HELD.id, mode: 'HCS', rebootDeadlineMs: 20_000 }, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1_500));
    // Neither the request nor the resumption scan touched the publisher while the lease ran.
    expect({ owner: (await pending(HELD.id))?.owner, get: calls('paws.deployment-mode.get', HELD.id), set: calls('paws.deployment-mode.set', HELD.id) }).toEqual({ owner: 'live-replica', get: 0, set: 0 });
    expect(await answer).toMatchObject({ clusterId: HELD.id, licenseMode: 'HCS', previousLicenseMode: 'Enterprise', rebooted: true, resumed: true });
    expect(Date.now() - asked).toBeGreaterThanOrEqual(2_500);
    expect({ set: calls('paws.deployment-mode.set', HELD.id), restart: calls('paws.restart', HELD.id) }).toEqual({ set: 1, restart: 1 });
    expect(await pending(HELD.id)).toBeUndefined();
  });
});
