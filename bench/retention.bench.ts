// `npm run bench:retention [-- --minutes 15 --window-seconds 601 --pool 200 --rate 10 --sample-seconds 30]`: a soak of
// the retention of issue 16.6. sync, license-mode, app-adapter and registration run in their own processes against
// the simulators, with short retention windows (outbox, inbox, job history) pruned every 30 s; the bench drives steady
// provisioning (cluster.updated for `rate` clusters of a fixed pool every 2 s) and assignments (the next `rate`
// clusters of the pool assigned or unassigned every 2 s), and samples the outbox, inbox and job tables' row counts and
// every service's RSS every `sample-seconds`. The LAST stdout line is one JSON object: first/last/max per table, RSS
// slope and peaks per service, and `flat` (true/false; null when the run is too short to tell).
//
// The windows cannot be shorter than JetStream's duplicate window (10 min: a message republished inside it must still
// be recognised, so the services refuse a shorter OUTBOX_RETENTION/INBOX_RETENTION): tables grow for the first window,
// then pruning must hold them level. `flat` is judged on the samples after one window and two prune intervals, hence
// a default of 15 minutes.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { LicenseModeCommands, ProvisioningEvents, RegistrationCommands, SyncCommands } from '#libs/contracts';
import { CommandClient, connectNats } from '#libs/messaging';
import { createTestEnvironment, provisioningClusterOf } from '#libs/testing';
import { generateClusters } from '#simulators/uc-apps';
import { benchMessage, closeChildren, encryptedForBench, forkSimulators, forkSmartlicServices, log, publishAll, round, sleep, until } from './support/bench-kit.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env.BENCH_MINUTES ?? '15' },
    'window-seconds': { type: 'string', default: '601' },
    pool: { type: 'string', default: '200' },
    rate: { type: 'string', default: '10' },
    'sample-seconds': { type: 'string', default: '30' },
  },
});
const MINUTES = Number(args.minutes);
const WINDOW_S = Number(args['window-seconds']);
const POOL = Number(args.pool);
const RATE = Number(args.rate);
const SAMPLE_S = Number(args['sample-seconds']);
const PRUNE_INTERVAL_S = 30;
const TICK_MS = 2_000;
const VA = 'va-hcs-operational';
const ADDRESS_BASE = '127.120.0.1';
const SERVICES = ['sync', 'license-mode', 'app-adapter', 'registration'] as const;
const TABLES = [
  'registration.outbox',
  'registration.inbox',
  'registration.job',
  'app_adapter.outbox',
  'app_adapter.inbox',
  'sync.outbox',
  'sync.inbox',
  'license_mode.outbox',
  'license_mode.inbox',
] as const;

interface Sample {
  minute: number;
  rows: Record<string, number>;
  rssMb: Record<string, number>;
}

/** Least-squares slope of y over x. */
const slope = (points: readonly [number, number][]): number => {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
};

/** Level when the trend over the tail moves the value by at most 10% of its mean (or `floor`, for small values). */
const level = (points: readonly [number, number][], floor: number): boolean => {
  if (points.length < 3) return true;
  const span = points.at(-1)![0] - points[0]![0];
  const mean = points.reduce((s, [, y]) => s + y, 0) / points.length;
  return Math.abs(slope(points) * span) <= Math.max(0.1 * mean, floor);
};

const rssMbOf = (pid: number | undefined): number => {
  if (!pid) return 0;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? round(Number(match[1]) / 1024, 1) : 0;
};

const main = async (): Promise<void> => {
  const env = await createTestEnvironment('benchretention');
  const sim = await forkSimulators(POOL, ADDRESS_BASE);
  const retention = `${WINDOW_S}s`;
  const children = await forkSmartlicServices(env, {
    concurrencyPerType: 50,
    sshPort: sim.sshPort,
    jobConcurrency: 64,
    env: { OUTBOX_RETENTION: retention, INBOX_RETENTION: retention, JOB_HISTORY_RETENTION: retention, RETENTION_INTERVAL: `${PRUNE_INTERVAL_S}s` },
  });
  const pids = Object.fromEntries(SERVICES.map((name, i) => [name, children[i]?.pid]));
  const handles = await connectNats({ url: env.natsUrl, name: 'bench-retention', namespace: env.namespace });
  const commands = new CommandClient(handles);
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  const count = async (sql: string): Promise<number> => Number(((await db.query(sql)).rows[0] as { n: string }).n);
  try {
    await commands.request(SyncCommands.createSmartAccount, { domain: 'bench.example.com', clientId: 'bench', clientSecret: 'bench-secret', transportMode: 'Direct', authenticationGateway: sim.tokenUrl, cssmServer: sim.apiBaseUrl });
    let vaId = '';
    await until('the virtual account in registration', async () => {
      vaId = (await commands.request(RegistrationCommands.listVirtualAccounts, { limit: 100 })).items.find((va) => va.name === VA)?.id ?? '';
      return vaId !== '';
    });
    await until('the license mode set', async () => (await commands.send(LicenseModeCommands.setVirtualAccount, { virtualAccountId: vaId, mode: 'HCS' })).ok);

    // A fixed pool: the inventory does not grow, so every table the retention prunes should level off.
    const pool = generateClusters(POOL, { addressBase: ADDRESS_BASE, idPrefix: 'soak' });
    const customers = [...new Set(pool.map((c) => c.customerId ?? 'customer-0'))];
    const { customerCreated, clusterCreated, clusterUpdated } = ProvisioningEvents;
    await publishAll(handles, customers.map((id) => benchMessage(customerCreated.subject, customerCreated.type, { id, name: id })), { window: 64 });
    const provisioning = (c: (typeof pool)[number], name: string) => encryptedForBench(provisioningClusterOf(c, { port: sim.ucPort }, { customerId: c.customerId ?? 'customer-0', name }));
    await publishAll(handles, await Promise.all(pool.map(async (c) => benchMessage(clusterCreated.subject, clusterCreated.type, await provisioning(c, c.name)))), { window: 64 });
    await until('the pool in the inventories', async () => (await count(`SELECT count(*) AS n FROM registration.cluster WHERE id LIKE 'soak-%'`)) === POOL && (await count(`SELECT count(*) AS n FROM app_adapter.endpoint WHERE cluster_id LIKE 'soak-%'`)) === POOL);
    log(`pool of ${POOL} clusters provisioned; soaking ${MINUTES} min, retention ${retention}, pruned every ${PRUNE_INTERVAL_S} s`);

    const assigned = new Set<string>();
    let cursor = 0;
    let updates = 0;
    let jobs = 0;
    let refused = 0;
    const start = performance.now();
    const minutes = () => (performance.now() - start) / 60_000;
    const samples: Sample[] = [];
    const takeSample = async () => {
      const rows: Record<string, number> = {};
      for (const table of TABLES) rows[table] = await count(`SELECT count(*) AS n FROM ${table}`);
      const rssMb = Object.fromEntries(SERVICES.map((s) => [s, rssMbOf(pids[s])]));
      samples.push({ minute: round(minutes(), 2), rows, rssMb });
      log(`  ${round(minutes(), 1)} min: ${JSON.stringify(rows)} rss ${JSON.stringify(rssMb)}`);
    };
    await takeSample();
    let nextSample = SAMPLE_S * 1000;
    while (minutes() < MINUTES) {
      const tickStart = performance.now();
      const batch = Array.from({ length: RATE }, (_, i) => pool[(cursor + i) % POOL]!);
      cursor = (cursor + RATE) % POOL;
      await publishAll(handles, await Promise.all(batch.map(async (c) => benchMessage(clusterUpdated.subject, clusterUpdated.type, await provisioning(c, `${c.name} ${updates}`)))), { window: 64 });
      updates += batch.length;
      const toUnassign = batch.filter((c) => assigned.has(c.id)).map((c) => c.id);
      const toAssign = batch.filter((c) => !assigned.has(c.id)).map((c) => c.id);
      for (const [command, ids] of [[RegistrationCommands.unassignClusters, toUnassign], [RegistrationCommands.assignClusters, toAssign]] as const) {
        if (ids.length === 0) continue;
        const reply = await commands.send(command, { virtualAccountId: vaId, clusterIds: ids, trigger: 'manual' });
        if (!reply.ok) {
          refused += ids.length;
          continue;
        }
        jobs += reply.data.jobs.length;
        for (const id of ids) {
          if (command === RegistrationCommands.assignClusters) assigned.add(id);
          else assigned.delete(id);
        }
      }
      if (performance.now() - start >= nextSample) {
        await takeSample();
        nextSample += SAMPLE_S * 1000;
      }
      await sleep(Math.max(0, TICK_MS - (performance.now() - tickStart)));
    }
    await takeSample();

    // Judged after one window and two prune intervals: before that nothing is old enough to prune.
    const settledAt = WINDOW_S / 60 + (2 * PRUNE_INTERVAL_S) / 60;
    const tail = samples.filter((s) => s.minute >= settledAt);
    const enough = tail.length >= 3;
    const tables = Object.fromEntries(
      TABLES.map((t) => {
        const values = samples.map((s) => s.rows[t]!);
        const points = tail.map((s) => [s.minute, s.rows[t]!] as [number, number]);
        return [t, { first: values[0], last: values.at(-1), max: Math.max(...values), tail_slope_per_min: round(slope(points), 1), level: enough ? level(points, 50) : null }];
      }),
    );
    // RSS after the first two minutes (start-up and JIT), in MB per minute. A service's RSS is a GC sawtooth (registration
    // swings ~100 MB within a minute), so its slope over a few minutes is noise: level means the peaks after the window
    // stay within 10% (+10 MB) of the peak between minute 2 and the end of the window.
    const rssRun = samples.filter((s) => s.minute >= 2);
    const rss = Object.fromEntries(
      SERVICES.map((name) => {
        const points = rssRun.map((s) => [s.minute, s.rssMb[name]!] as [number, number]);
        const before = rssRun.filter((s) => s.minute < settledAt).map((s) => s.rssMb[name]!);
        const after = tail.map((s) => s.rssMb[name]!);
        const peakBefore = before.length ? Math.max(...before) : 0;
        const peakAfter = after.length ? Math.max(...after) : 0;
        return [
          name,
          {
            first_mb: samples[0]!.rssMb[name],
            last_mb: samples.at(-1)!.rssMb[name],
            max_mb: Math.max(...samples.map((s) => s.rssMb[name]!)),
            slope_mb_per_min: round(slope(points), 2),
            peak_mb_before_window: peakBefore,
            peak_mb_after_window: peakAfter,
            level: enough && before.length >= 3 ? peakAfter <= peakBefore * 1.1 + 10 : null,
          },
        ];
      }),
    );
    const verdicts = [...Object.values(tables).map((t) => t.level), ...Object.values(rss).map((r) => r.level)];
    const flat = verdicts.some((v) => v === null) ? null : verdicts.every(Boolean);
    console.log(
      JSON.stringify({
        minutes: round(minutes(), 2),
        retention_seconds: WINDOW_S,
        prune_interval_seconds: PRUNE_INTERVAL_S,
        pool: POOL,
        updates,
        jobs,
        refused,
        samples: samples.length,
        judged_from_minute: round(settledAt, 2),
        tables,
        rss,
        flat,
        ...(flat === null ? { note: `too short to judge: run longer than the retention window plus two prune intervals (${round(settledAt, 1)} min) and three samples` } : {}),
      }),
    );
  } finally {
    await db.end().catch(() => undefined);
    await handles.nc.drain().catch(() => undefined);
    await closeChildren([...children].reverse());
    sim.child.send('close');
    await env.cleanup();
  }
};

await main();
