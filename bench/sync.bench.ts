// `npm run bench:sync`: a Smart Account Sync of one smart account with 1,000 virtual accounts (20 license lines and
// 2 subscriptions each) against the CSSM simulator at 50 ms per call, concurrency 16; in the same run, a sequential
// client (one call at a time, as a naive sync does) reads the same data. Targets: at most 1.3 × the ideal time
// (calls × latency / concurrency), at least 10 × faster than sequential, under 300 MB RSS for the sync service.
// Progress goes to stderr; the LAST stdout line is one JSON object.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SyncCommands, type SyncJobView } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import { generateKey } from '#libs/secrets';
import { startService } from '#libs/service-kit';
import { createTestEnvironment } from '#libs/testing';
import { syncConfigSchema } from '../services/sync/src/config/sync.config.js';
import { CssmClient } from '../services/sync/src/modules/cssm/cssm.client.js';
import { CssmFetcher } from '../services/sync/src/modules/sync-jobs/cssm-fetcher.js';
import { syncService } from '../services/sync/src/sync.service-definition.js';

const VIRTUAL_ACCOUNTS = Number(process.env.BENCH_VAS ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const CREDENTIALS = { clientId: 'bench-client', clientSecret: 'bench-secret' };

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

const startSimulator = async () => {
  const script = fileURLToPath(new URL('./support/cssm-simulator.process.js', import.meta.url));
  const child = spawn(process.execPath, [script], { env: { ...process.env, BENCH_VAS: String(VIRTUAL_ACCOUNTS), BENCH_LATENCY_MS: String(LATENCY_MS) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { ...(JSON.parse(line) as { tokenUrl: string; apiBaseUrl: string }), stop: () => child.kill('SIGTERM') };
};

const main = async (): Promise<void> => {
  const sim = await startSimulator();
  const env = await createTestEnvironment('benchsync');
  const sync = await startService(syncService, {
    env: { ...env.env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', PORT: '0', SMARTLIC_ENCRYPTION_KEYS: generateKey('bench'), SYNC_CONCURRENCY: String(CONCURRENCY), SYNC_SCHEDULER_TICK: '1h' },
    host: '127.0.0.1',
  });
  const commands = new CommandClient(sync.handles);
  try {
    console.error(`simulator: ${VIRTUAL_ACCOUNTS} VAs, ${LATENCY_MS} ms per call; sync concurrency ${CONCURRENCY}`);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

    const t0 = performance.now();
    const { jobId } = await commands.request(SyncCommands.createSmartAccount, {
      domain: 'bench.example.com',
      ...CREDENTIALS,
      transportMode: 'Direct',
      authenticationGateway: sim.tokenUrl,
      cssmServer: sim.apiBaseUrl,
    });
    let job: SyncJobView;
    for (;;) {
      job = await commands.request(SyncCommands.getSyncJob, { id: jobId });
      if (job.status === 'Succeeded' || job.status === 'Failed') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    if (job.status !== 'Succeeded') throw new Error(`sync failed: ${job.statusInfo}`);
    const calls = job.counts!.cssmCalls;
    const idealSeconds = (calls * LATENCY_MS) / CONCURRENCY / 1000;
    console.error(`concurrent sync: ${round(seconds)} s for ${calls} calls (ideal ${round(idealSeconds)} s), counts ${JSON.stringify(job.counts)}, peak rss ${mb(peakRss)} MB`);

    if (process.env.BENCH_SKIP_SEQUENTIAL === '1') return;
    // The naive client: the same calls, one at a time, reading only (no database writes).
    const config = syncConfigSchema.parse({ SMARTLIC_ENCRYPTION_KEYS: generateKey('bench') });
    const client = new CssmClient(config);
    const t1 = performance.now();
    const sequential = await new CssmFetcher(client).fetch(
      { key: 'sequential@0', realm: 'cloud', tokenUrl: sim.tokenUrl, apiBaseUrl: sim.apiBaseUrl, account: 'bench.example.com', ...CREDENTIALS },
      1,
    );
    const sequentialSeconds = (performance.now() - t1) / 1000;
    await client.onApplicationShutdown();
    console.error(`sequential client: ${round(sequentialSeconds)} s for ${sequential.cssmCalls} calls`);

    const result = {
      seconds: round(seconds),
      ideal_seconds: round(idealSeconds),
      sequential_seconds: round(sequentialSeconds),
      ratio_to_ideal: round(seconds / idealSeconds),
      speedup: round(sequentialSeconds / seconds),
      rss_mb: mb(peakRss),
      calls,
      sequential_calls: sequential.cssmCalls,
      virtual_accounts: job.counts!.virtualAccounts,
      licenses: job.counts!.licenses,
      subscriptions: job.counts!.subscriptions,
      latency_ms: LATENCY_MS,
      concurrency: CONCURRENCY,
      targets_met: seconds <= 1.3 * idealSeconds && sequentialSeconds / seconds >= 10 && mb(peakRss) < 300,
    };
    console.log(JSON.stringify(result));
  } finally {
    await sync.close();
    sim.stop();
    await env.cleanup();
  }
};

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
