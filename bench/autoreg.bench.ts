// `npm run bench:autoreg`: auto-registration at scale. With operational licenses and auto-registration on, 5,000
// cluster-created events are published as fast as possible; every application call answers after 100 ms (the
// UC-application simulator's latency model, through its admin API). Measured: the time until all 5,000 clusters are
// Auto Registered, against the ideal (the application calls of the busiest application type × 100 ms / the calls
// app-adapter allows per type at once, or the calls of all jobs / the jobs registration runs at once, whichever binds).
// Also measured: the ingest rate of 10,000 provisioning events (1,000 customers, 9,000 clusters) into the inventory of
// registration and app-adapter, against a raw JetStream acknowledged publish of the same events in the same run, after
// an unmeasured warm-up ingest (BENCH_INGEST_WARMUP_EVENTS, default half as many).
// sync, license-mode, app-adapter and registration each run in their own process, the simulators in another.
// Progress on stderr; the LAST stdout line is one JSON object.
import { RetentionPolicy, StorageType } from '@nats-io/jetstream';
import pg from 'pg';
import { APPLICATION_TYPES, ProvisioningEvents, RegistrationCommands, SyncCommands, type ClusterProvisioning } from '#libs/contracts';
import { CommandClient, connectNats } from '#libs/messaging';
import { createTestEnvironment, provisioningClusterOf } from '#libs/testing';
import { generateClusters } from '#simulators/uc-apps';
import { applicationCalls, benchMessage, closeChildren, encryptedForBench, forkSimulators, forkSmartlicServices, log, publishAll, round, sleep, until, type BenchMessage } from './support/bench-kit.js';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 5000);
const INGEST_EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 10_000);
// Provisioning events ingested first, unmeasured: the ingest figure is the services' steady state, not their JIT
// compilers' first seconds (in a cold registration V8's optimizing compiler took ~20% of its CPU during the ingest).
const INGEST_WARMUP_EVENTS = Number(process.env.BENCH_INGEST_WARMUP_EVENTS ?? Math.round(INGEST_EVENTS / 2));
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const CONCURRENCY_PER_TYPE = Number(process.env.BENCH_CONCURRENCY_PER_TYPE ?? 25);
const JOB_CONCURRENCY = Number(process.env.BENCH_JOB_CONCURRENCY ?? 128);
const PUBLISH_WINDOW = 512;
const ADDRESS_BASE = '127.100.0.1';


const main = async (): Promise<void> => {
  const env = await createTestEnvironment('benchautoreg');
  const sim = await forkSimulators(CLUSTERS, ADDRESS_BASE);
  const simulators = sim.child;
  const ucAdmin = sim.ucAdmin;
  const children = await forkSmartlicServices(env, { concurrencyPerType: CONCURRENCY_PER_TYPE, sshPort: sim.sshPort, jobConcurrency: JOB_CONCURRENCY, env: { REGISTRATION_JOB_RETRY_MS: '100ms' } });
  const handles = await connectNats({ url: env.natsUrl, name: 'bench-provisioning', namespace: env.namespace });
  const commands = new CommandClient(handles);
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  const count = async (sql: string): Promise<number> => Number(((await db.query(sql)).rows[0] as { n: string }).n);
  try {
    const created = await commands.request(SyncCommands.createSmartAccount, {
      domain: 'bench.example.com',
      clientId: 'bench',
      clientSecret: 'bench-secret',
      transportMode: 'Direct',
      authenticationGateway: sim.tokenUrl,
      cssmServer: sim.apiBaseUrl,
    });
    await until('the virtual accounts in registration', async () => (await commands.request(RegistrationCommands.listVirtualAccounts, { limit: 100 })).items.some((va) => va.name === 'va-hcs-operational'));

    // --- ingest: 10,000 provisioning events into the inventories, against a raw acknowledged publish -------------
    // Customers are a tenth of the events, clusters the rest (version 11.5: in the inventory, not eligible for
    // auto-registration).
    const provisioningEvents = async (prefix: string, events: number): Promise<{ messages: BenchMessage[]; customers: number; clusters: number }> => {
      const customers = Math.round(events / 10);
      const messages: BenchMessage[] = [];
      for (let i = 0; i < customers; i++) messages.push(benchMessage(ProvisioningEvents.customerCreated.subject, ProvisioningEvents.customerCreated.type, { id: `${prefix}-customer-${i}`, name: `Customer ${i}` }));
      for (let i = 0; messages.length < events; i++) {
        const data: ClusterProvisioning = {
          id: `${prefix}-cluster-${i}`,
          customerId: `${prefix}-customer-${i % customers}`,
          name: `${prefix} cluster ${i}`,
          type: 'cucm',
          version: '11.5.1',
          licensing: 'smart',
          nodes: [{ hostname: `${prefix}-${i}-pub`, address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, publisher: true }],
          credentials: { admin: { username: 'admin', password: 'admin-pw' }, platform: { username: 'platform', password: 'platform-pw' } },
        };
        messages.push(benchMessage(ProvisioningEvents.clusterCreated.subject, ProvisioningEvents.clusterCreated.type, await encryptedForBench(data)));
      }
      return { messages, customers, clusters: events - customers };
    };
    // One cheap statement per probe, every 25 ms: the bench's polling must not take the CPU it measures.
    const inventories = async (): Promise<{ clusters: number; customers: number; endpoints: number; unpublished: number }> =>
      (
        await db.query(
          `SELECT (SELECT count(*) FROM registration.cluster)::int AS clusters, (SELECT count(*) FROM registration.customer)::int AS customers,
             (SELECT count(*) FROM app_adapter.endpoint)::int AS endpoints, (SELECT count(*) FROM registration.outbox WHERE published_at IS NULL)::int AS unpublished`,
        )
      ).rows[0] as { clusters: number; customers: number; endpoints: number; unpublished: number };
    const warmup = await provisioningEvents('warmup', INGEST_WARMUP_EVENTS);
    if (warmup.messages.length) {
      const warmupStart = performance.now();
      await publishAll(handles, warmup.messages, { window: PUBLISH_WINDOW });
      // Ingested, and registration's relay done publishing the warm-up's inventory events.
      await until('the warm-up inventories', async () => {
        const n = await inventories();
        return n.clusters === warmup.clusters && n.customers === warmup.customers && n.endpoints === warmup.clusters && n.unpublished === 0;
      }, 600_000, 25);
      log(`ingest warm-up: ${warmup.messages.length} events in ${round((performance.now() - warmupStart) / 1000)} s`);
    }
    const { messages: ingest, customers, clusters: ingestClusters } = await provisioningEvents('ingest', INGEST_EVENTS);
    const rawStream = `BENCH_RAW_${env.namespace.replace(/[^A-Za-z0-9]/g, '_')}`;
    const rawSubject = `${env.namespace}.bench.raw`;
    await handles.jsm.streams.add({ name: rawStream, subjects: [`${rawSubject}.>`], retention: RetentionPolicy.Limits, storage: StorageType.File });
    const rawSeconds = await publishAll(handles, ingest, { window: PUBLISH_WINDOW, subjectOf: (m) => `${rawSubject}.${m.subject}` });
    await handles.jsm.streams.delete(rawStream);
    const rawRate = ingest.length / rawSeconds;
    log(`raw acknowledged publish: ${ingest.length} events in ${round(rawSeconds)} s (${Math.round(rawRate)}/s)`);

    const { rows: [{ now: ingestSince }] } = await db.query('SELECT now()');
    const ingestStart = performance.now();
    await publishAll(handles, ingest, { window: PUBLISH_WINDOW });
    log(`  ingest events published in ${Math.round(performance.now() - ingestStart)} ms`);
    // The inventory of the issue is registration's (customers and clusters); app-adapter's endpoint store fills
    // from the same events at the same time and is reported beside it.
    let inventorySeconds = 0;
    // Until the last event's rows exist, a probe is two primary-key lookups (counting ~15,000 rows every 25 ms took
    // CPU from the ingest it measures); then the counts decide. The consumers apply the stream batch after batch, in
    // order, so the last rows come last; the counts keep the figure exact whatever the order.
    const lastCluster = `ingest-cluster-${ingestClusters - 1}`;
    await until('the inventories', async () => {
      const { rows } = await db.query(
        `SELECT EXISTS (SELECT 1 FROM registration.cluster WHERE id = $1) AS registration, EXISTS (SELECT 1 FROM app_adapter.endpoint WHERE cluster_id = $1) AS endpoints`,
        [lastCluster],
      );
      const last = rows[0] as { registration: boolean; endpoints: boolean };
      if (!last.registration || (inventorySeconds && !last.endpoints)) return false;
      const n = await inventories();
      const registrationDone = n.clusters === warmup.clusters + ingestClusters && n.customers === warmup.customers + customers;
      if (!inventorySeconds && registrationDone) inventorySeconds = (performance.now() - ingestStart) / 1000;
      return registrationDone && n.endpoints === warmup.clusters + ingestClusters;
    }, 600_000, 25);
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    // Batches as the inboxes show them (one transaction, one received_at per batch).
    for (const [schema, consumer] of [['registration', 'registration__provisioning'], ['app_adapter', 'app-adapter__provisioning']]) {
      const { rows } = await db.query(
        `SELECT count(*) AS batches, round(avg(n), 1) AS avg_size, max(n) AS max_size, extract(epoch FROM max(at) - min(at)) AS span_s
         FROM (SELECT received_at AS at, count(*) AS n FROM ${schema}.inbox WHERE consumer = $1 AND received_at >= $2 GROUP BY received_at) b`,
        [consumer, ingestSince],
      );
      log(`  ${consumer}: ${JSON.stringify(rows[0])}`);
    }
    const ingestRate = ingest.length / inventorySeconds;
    const bothRate = ingest.length / ingestSeconds;
    log(`ingest: ${ingest.length} events into registration's inventory in ${round(inventorySeconds)} s (${Math.round(ingestRate)}/s); app-adapter's endpoints too in ${round(ingestSeconds)} s (${Math.round(bothRate)}/s)`);
    // Profiling aid: BENCH_INGEST_ONLY=1 stops here (no JSON line: the targets need both parts), after a pause that
    // leaves time to read the processes' CPU counters from outside.
    if (process.env.BENCH_INGEST_ONLY === '1') return void (await sleep(3_000));

    // --- auto-registration: 5,000 cluster-created events, every application call at 100 ms ----------------------
    await commands.request(SyncCommands.updateSmartAccount, {
      id: created.smartAccount.id,
      config: {
        domain: 'bench.example.com',
        clientId: 'bench',
        transportMode: 'Direct',
        authenticationGateway: sim.tokenUrl,
        cssmServer: sim.apiBaseUrl,
        operationalLicenses: { opted: true, orderedVirtualAccount: 'va-hcs-ordered', operationalVirtualAccount: 'va-hcs-operational', autoRegistration: true },
      },
    });
    await until('auto-registration on in registration', async () => (await count(`SELECT count(*) AS n FROM registration.smart_account WHERE (operational_licenses->>'autoRegistration')::boolean`)) === 1);
    const simClusters = generateClusters(CLUSTERS, { addressBase: ADDRESS_BASE, idPrefix: 'auto' });
    const customerEvents = [...new Set(simClusters.map((c) => c.customerId ?? 'customer-0'))].map((id) =>
      benchMessage(ProvisioningEvents.customerCreated.subject, ProvisioningEvents.customerCreated.type, { id, name: id }),
    );
    await publishAll(handles, customerEvents, { window: PUBLISH_WINDOW });
    await until('the customers', async () => (await count(`SELECT count(*) AS n FROM registration.customer WHERE id NOT LIKE 'ingest-%' AND id NOT LIKE 'warmup-%'`)) === customerEvents.length);
    await ucAdmin('PUT', '/latency', { rules: [{ route: '*', fixedMs: LATENCY_MS }] });
    await ucAdmin('DELETE', '/calls');
    const { clusterCreated } = ProvisioningEvents;
    const clusterEvents = await Promise.all(
      simClusters.map(async (c) => benchMessage(clusterCreated.subject, clusterCreated.type, await encryptedForBench(provisioningClusterOf(c, { port: sim.ucPort }, { customerId: c.customerId ?? 'customer-0' })))),
    );
    const start = performance.now();
    await publishAll(handles, clusterEvents, { window: PUBLISH_WINDOW });
    log(`published ${CLUSTERS} cluster-created events in ${Math.round(performance.now() - start)} ms`);
    let lastLog = 0;
    await until(
      `${CLUSTERS} clusters Auto Registered`,
      async () => {
        const done = await count(`SELECT count(*) AS n FROM registration.cluster_registration WHERE status = 'Auto Registered'`);
        const failed = await count(`SELECT count(*) AS n FROM registration.cluster_registration WHERE status = 'Auto Registration Failed'`);
        if (failed > 0) throw new Error(`${failed} clusters Auto Registration Failed: ${JSON.stringify((await db.query(`SELECT entity_id, status_info FROM registration.job WHERE status = 'Failed' LIMIT 3`)).rows)}`);
        if (performance.now() - lastLog > 5_000) {
          lastLog = performance.now();
          log(`  ${done} Auto Registered after ${Math.round((performance.now() - start) / 1000)} s`);
        }
        return done === CLUSTERS;
      },
      600_000,
      100,
    );
    const seconds = (performance.now() - start) / 1000;

    // The ideal: application calls run one after another within a job; app-adapter bounds the calls per application
    // type, registration the jobs at once.
    const { byType: callsByType, total: calls } = await applicationCalls(ucAdmin);
    const byType = Math.max(...APPLICATION_TYPES.map((t) => (callsByType[t] * LATENCY_MS) / 1000 / CONCURRENCY_PER_TYPE));
    const byJobs = (calls * LATENCY_MS) / 1000 / JOB_CONCURRENCY;
    const idealSeconds = Math.max(byType, byJobs);
    log(`application calls ${JSON.stringify(callsByType)} (${round(calls / CLUSTERS, 2)} per cluster); ideal by type ${round(byType)} s, by jobs ${round(byJobs)} s`);
    console.log(
      JSON.stringify({
        clusters: CLUSTERS,
        latency_ms: LATENCY_MS,
        concurrency_per_type: CONCURRENCY_PER_TYPE,
        job_concurrency: JOB_CONCURRENCY,
        calls_per_cluster: round(calls / CLUSTERS, 2),
        seconds: round(seconds),
        ideal_seconds: round(idealSeconds),
        ratio_to_ideal: round(seconds / idealSeconds),
        ingest_events: ingest.length,
        ingest_per_second: Math.round(ingestRate),
        raw_publish_per_second: Math.round(rawRate),
        ingest_ratio: round(ingestRate / rawRate),
        ingest_with_endpoints_per_second: Math.round(bothRate),
        ingest_with_endpoints_ratio: round(bothRate / rawRate),
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
