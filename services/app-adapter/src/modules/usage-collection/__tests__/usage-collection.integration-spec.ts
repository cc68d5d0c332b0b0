import { CaaCommands, CaaEvents } from '#libs/contracts';
import { startService, type RunningService } from '#libs/service-kit';
import { eventually } from '#libs/testing';
import { appAdapterService } from '../../../app-adapter.service-definition.js';
import type { AppAdapterConfig } from '../../../config/app-adapter.config.js';
import { startCaaLab, TOKENS, ucCluster, type CaaLab } from '../../../__tests__/fixtures/caa-lab.fixture.js';

const CLUSTERS = [1, 2, 3].map((i) => ucCluster(`cer-u${i}`, 'cer', 40 + i, { usage: [{ license: 'CER_USER', count: i * 10 }] }));

const usageReports = async (lab: CaaLab): Promise<{ clusterId: string; count: number }[]> => {
  const rows: { payload: { data: { clusterId: string; usage: { count: number }[] } } }[] = await lab.adapter.dataSource.query(
    'SELECT payload FROM outbox WHERE subject = $1 ORDER BY created_at',
    [CaaEvents.licenseUsageReported.subject],
  );
  return rows.map((r) => ({ clusterId: r.payload.data.clusterId, count: r.payload.data.usage[0]?.count ?? 0 }));
};

/**
 * HCM-F collects the license usage of the registered clusters daily. Two app-adapter replicas share one schedule in
 * Postgres: the first run comes shortly after start and happens once, not once per replica.
 */
describe('the scheduled license usage collection', () => {
  let lab: CaaLab;
  const replicas: RunningService<AppAdapterConfig>[] = [];
  /** A replica with the default schedule (daily), its first run 1.5 s after start instead of a minute. */
  const startReplica = async () => {
    const env = { ...lab.adapterEnv, CAA_USAGE_COLLECTION_INTERVAL_MS: '', CAA_USAGE_COLLECTION_FIRST_RUN_DELAY_MS: '1500ms' };
    replicas.push((await startService(appAdapterService, { env, host: '127.0.0.1' })) as RunningService<AppAdapterConfig>);
  };

  beforeAll(async () => {
    // The lab's own app-adapter (no schedule) provisions and registers; the two replicas with the schedule start after.
    lab = await startCaaLab('usage-sched', { clusters: CLUSTERS }, { extraEnv: { CAA_APP_TYPES: 'cer', CAA_USAGE_COLLECTION_INTERVAL_MS: '0' } });
    for (const c of CLUSTERS) await lab.provision(lab.clusterOf(c));
    // Two of the three clusters registered: only those are collected.
    for (const c of CLUSTERS.slice(0, 2)) await lab.commands.request(CaaCommands.register('cer'), { clusterId: c.id, token: TOKENS.vaA });
    await lab.adapter.dataSource.query('DELETE FROM outbox WHERE subject = $1', [CaaEvents.licenseUsageReported.subject]);
    await startReplica();
    await startReplica();
  });
  afterAll(async () => {
    for (const r of replicas) await r.close();
    await lab?.close();
  });

  it('runs once, shortly after start, for the registered clusters, although two replicas serve the type', async () => {
    expect(replicas.map((r) => r.config.CAA_USAGE_COLLECTION_INTERVAL_MS)).toEqual([86_400_000, 86_400_000]);
    const reports = await eventually(async () => {
      const r = await usageReports(lab);
      return r.length >= 2 ? r : undefined;
    }, { what: 'the first scheduled collection', timeoutMs: 20_000 });
    // Both replicas passed their first-run time (1.5 s after each start): still one collection.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await usageReports(lab)).toEqual(reports);
    expect(reports.map((r) => r.clusterId).sort()).toEqual(['cer-u1', 'cer-u2']);
    const [row] = (await lab.adapter.dataSource.query('SELECT next_run_at, last_started_at, last_finished_at, last_result FROM usage_collection_schedule WHERE application_type = $1', ['cer'])) as {
      next_run_at: Date;
      last_started_at: Date;
      last_finished_at: Date;
      last_result: unknown;
    }[];
    expect(row!.next_run_at.getTime() - row!.last_started_at.getTime()).toBe(86_400_000);
    expect(row!.last_finished_at.getTime()).toBeGreaterThanOrEqual(row!.last_started_at.getTime());
    expect(row!.last_result).toEqual({ applicationType: 'cer', clusters: 2, reported: 2, failed: 0 });
  });

  it('keeps the daily schedule across a restart: no second collection before the interval', async () => {
    await replicas.shift()!.close();
    await startReplica();
    const before = (await usageReports(lab)).length;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await usageReports(lab)).toHaveLength(before);
  });

  it('collects one cluster on demand, registered or not, and names the failure of an unknown one', async () => {
    expect(await lab.commands.request(CaaCommands.collectUsage('cer'), { clusterId: 'cer-u3' })).toEqual({ applicationType: 'cer', clusters: 1, reported: 1, failed: 0, failures: [] });
    expect((await usageReports(lab)).at(-1)).toEqual({ clusterId: 'cer-u3', count: 30 });
    await expect(lab.commands.request(CaaCommands.collectUsage('cer'), { clusterId: 'cer-nowhere' })).rejects.toMatchObject({ error: { code: 'CAA1003' } });
  });
});
