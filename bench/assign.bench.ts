// `npm run bench:assign`: manual assignment of 2,000 clusters (Unified CM, Unity Connection, Emergency Responder,
// Expressway) to a virtual account in one batch, every application call answering after 100 ms (the UC-application
// simulator's latency model). Ideal = critical path per cluster (its application calls × 100 ms) × clusters / the
// allowed concurrency (registration's jobs at once, or app-adapter's calls per application type, whichever binds).
// Also: the zero-latency throughput of another 2,000 clusters, after an unmeasured warm-up batch (BENCH_WARMUP_CLUSTERS,
// default half as many). sync, license-mode, app-adapter and registration each run in their own process, the simulators in
// another. Progress on stderr; the LAST stdout line is one JSON object.
import pg from 'pg';
import { APPLICATION_TYPES, LicenseModeCommands, ProvisioningEvents, RegistrationCommands, SyncCommands, type ApplicationType } from '#libs/contracts';
import { CommandClient, connectNats } from '#libs/messaging';
import { createTestEnvironment, provisioningClusterOf } from '#libs/testing';
import { generateClusters } from '#simulators/uc-apps';
import { applicationCalls, benchMessage, cpuBetween, cpuOf, encryptedForBench, closeChildren, forkSimulators, forkSmartlicServices, log, phaseProfile, publishAll, round, sleep, until } from './support/bench-kit.js';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 2000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const CONCURRENCY_PER_TYPE = Number(process.env.BENCH_CONCURRENCY_PER_TYPE ?? 50);
const JOB_CONCURRENCY = Number(process.env.BENCH_JOB_CONCURRENCY ?? 200);
// A first, unmeasured batch: the figures are the services' steady state, not their JIT compilers' first seconds. With
// a tenth (200 clusters, 2 s) V8's optimizing compiler still ran ~400 compilations in the first 5 s of the measured
// batch and ~100 in the next 5 (--trace-opt on app-adapter); half as many leaves the measured batch close to steady.
const WARMUP = Number(process.env.BENCH_WARMUP_CLUSTERS ?? Math.max(100, Math.round(CLUSTERS / 2)));
const PUBLISH_WINDOW = 256;
const ADDRESS_BASE = '127.110.0.1';
const VA = 'va-hcs-operational';

const main = async (): Promise<void> => {
  const env = await createTestEnvironment('benchassign');
  // Both runs' clusters (zero latency, then 100 ms), in HCS mode: the time measured is registration, not reboots.
  const sim = await forkSimulators(2 * CLUSTERS + WARMUP, ADDRESS_BASE);
  const simulators = sim.child;
  const ucAdmin = sim.ucAdmin;
  const children = await forkSmartlicServices(env, { concurrencyPerType: CONCURRENCY_PER_TYPE, sshPort: sim.sshPort, jobConcurrency: JOB_CONCURRENCY });
  const handles = await connectNats({ url: env.natsUrl, name: 'bench-assign', namespace: env.namespace });
  const commands = new CommandClient(handles);
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number(((await db.query(sql, params)).rows[0] as { n: string }).n);
  try {
    await commands.request(SyncCommands.createSmartAccount, { domain: 'bench.example.com', clientId: 'bench', clientSecret: 'bench-secret', transportMode: 'Direct', authenticationGateway: sim.tokenUrl, cssmServer: sim.apiBaseUrl });
    let vaId = '';
    await until('the virtual account in registration', async () => {
      vaId = (await commands.request(RegistrationCommands.listVirtualAccounts, { limit: 100 })).items.find((va) => va.name === VA)?.id ?? '';
      return vaId !== '';
    });
    await until('the license mode set', async () => (await commands.send(LicenseModeCommands.setVirtualAccount, { virtualAccountId: vaId, mode: 'HCS' })).ok);

    const simClusters = generateClusters(2 * CLUSTERS + WARMUP, { addressBase: ADDRESS_BASE, idPrefix: 'auto' });
    const customers = [...new Set(simClusters.map((c) => c.customerId ?? 'customer-0'))];
    const { customerCreated, clusterCreated } = ProvisioningEvents;
    await publishAll(handles, customers.map((id) => benchMessage(customerCreated.subject, customerCreated.type, { id, name: id })), { window: PUBLISH_WINDOW });
    await publishAll(
      handles,
      await Promise.all(
        simClusters.map(async (c) => benchMessage(clusterCreated.subject, clusterCreated.type, await encryptedForBench(provisioningClusterOf(c, { port: sim.ucPort }, { customerId: c.customerId ?? 'customer-0' })))),
      ),
      { window: PUBLISH_WINDOW },
    );
    await until('the inventories', async () => {
      const [clusters, endpoints] = await Promise.all([count('SELECT count(*) AS n FROM registration.cluster'), count('SELECT count(*) AS n FROM app_adapter.endpoint')]);
      return clusters === simClusters.length && endpoints === simClusters.length;
    });
    const types = Object.fromEntries(APPLICATION_TYPES.map((t) => [t, 0])) as Record<ApplicationType, number>;
    for (const c of simClusters.slice(CLUSTERS, 2 * CLUSTERS)) types[c.type.startsWith('expressway') ? 'expressway' : (c.type as ApplicationType)] += 1;
    log(`clusters per application type: ${JSON.stringify(types)}`);

    /** One batch through the assign command; seconds until every job Succeeded. */
    const run = async (ids: string[]): Promise<number> => {
      const start = performance.now();
      const reply = await commands.request(RegistrationCommands.assignClusters, { virtualAccountId: vaId, clusterIds: ids, trigger: 'manual' });
      const jobIds = reply.jobs.map((j) => j.jobId);
      let lastLog = 0;
      await until(`${ids.length} jobs`, async () => {
        // One query per probe, every 100 ms: the bench's own polling should not take CPU from what it measures.
        const { done, failed } = (await db.query(
          `SELECT count(*) FILTER (WHERE status = 'Succeeded')::int AS done, count(*) FILTER (WHERE status = 'Failed')::int AS failed FROM registration.job WHERE id = ANY($1::uuid[])`,
          [jobIds],
        )).rows[0] as { done: number; failed: number };
        if (failed > 0) throw new Error(`${failed} jobs failed: ${JSON.stringify((await db.query(`SELECT entity_id, status_info FROM registration.job WHERE id = ANY($1::uuid[]) AND status = 'Failed' LIMIT 3`, [jobIds])).rows)}`);
        if (performance.now() - lastLog > 5_000) {
          lastLog = performance.now();
          log(`  ${done}/${ids.length} after ${Math.round((performance.now() - start) / 1000)} s`);
        }
        return done === ids.length;
      }, 600_000, 100);
      return (performance.now() - start) / 1000;
    };

    if (WARMUP > 0) log(`warm-up: ${WARMUP} clusters in ${round(await run(simClusters.slice(2 * CLUSTERS).map((c) => c.id)))} s`);
    const processes = { sync: children[0], 'license-mode': children[1], 'app-adapter': children[2], registration: children[3], simulators };
    const cpuBefore = cpuOf(processes);
    await phaseProfile.send(processes, 'profile:start');
    const zeroSeconds = await run(simClusters.slice(0, CLUSTERS).map((c) => c.id));
    await phaseProfile.send(processes, 'profile:stop');
    const zeroCpu = cpuBetween(cpuBefore, cpuOf(processes));
    const zeroRate = CLUSTERS / zeroSeconds;
    // CPU per cluster of the zero-latency batch, every process: what caps the throughput on a machine of two cores.
    const cpuPerCluster = round(Object.values(zeroCpu).reduce((a, b) => a + b, 0) / CLUSTERS, 2);
    log(`zero latency: ${CLUSTERS} clusters in ${round(zeroSeconds)} s (${Math.round(zeroRate)}/s); CPU ms per cluster ${cpuPerCluster}: ${JSON.stringify(Object.fromEntries(Object.entries(zeroCpu).map(([n, ms]) => [n, round(ms / CLUSTERS, 2)])))}`);
    // Profiling aid: BENCH_ZERO_LATENCY_ONLY=1 stops here (no JSON line: the targets need both runs).
    // (after a pause that leaves time to read the processes' CPU counters from outside)
    if (process.env.BENCH_ZERO_LATENCY_ONLY === '1') return void (await sleep(3_000));

    await ucAdmin('PUT', '/latency', { rules: [{ route: '*', fixedMs: LATENCY_MS }] });
    await ucAdmin('DELETE', '/calls');
    const seconds = await run(simClusters.slice(CLUSTERS, 2 * CLUSTERS).map((c) => c.id));

    const { byRoute, byType: callsByType, total: calls } = await applicationCalls(ucAdmin);
    log(`application calls by route: ${JSON.stringify(byRoute)}`);
    // Critical path of one cluster: its application calls one after another; the allowed concurrency is
    // registration's jobs at once, or app-adapter's calls per application type, whichever binds.
    const byJobs = (calls * LATENCY_MS) / 1000 / JOB_CONCURRENCY;
    const byType = Math.max(...APPLICATION_TYPES.map((t) => (callsByType[t] * LATENCY_MS) / 1000 / CONCURRENCY_PER_TYPE));
    const idealSeconds = Math.max(byJobs, byType);
    log(`${LATENCY_MS} ms latency: ${CLUSTERS} clusters in ${round(seconds)} s; application calls ${JSON.stringify(callsByType)} (${round(calls / CLUSTERS, 2)} per cluster); ideal by jobs ${round(byJobs)} s, by type ${round(byType)} s`);
    console.log(
      JSON.stringify({
        clusters: CLUSTERS,
        latency_ms: LATENCY_MS,
        job_concurrency: JOB_CONCURRENCY,
        concurrency_per_type: CONCURRENCY_PER_TYPE,
        calls_per_cluster: round(calls / CLUSTERS, 2),
        seconds: round(seconds),
        ideal_seconds: round(idealSeconds),
        ratio_to_ideal: round(seconds / idealSeconds),
        zero_latency_clusters_per_second: Math.round(zeroRate),
        zero_latency_cpu_ms_per_cluster: cpuPerCluster,
      }),
    );
  } finally {
    await db.end().catch(() => undefined);
    await handles.nc.drain().catch(() => undefined);
    await closeChildren([...children].reverse());
    simulators.send('close');
    await env.cleanup();
  }
};

await main();
