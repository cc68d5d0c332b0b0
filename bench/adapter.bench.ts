// `npm run bench:adapter`: app-adapter throughput against 1,000 simulated clusters whose applications answer every
// call after 100 ms. Each cluster gets register, status and license-usage through the real CAA commands (NATS
// request/reply, Postgres state and outbox). The ideal time is the calls divided by the allowed concurrency, at
// 100 ms a call; as concurrency is bounded per application type, the binding bound is the busiest type's
// (calls_of_type × 100 ms / CAA_MAX_CONCURRENCY_PER_TYPE); the pooled figure is printed beside it.
// Progress on stderr; the LAST stdout line is one JSON object.
import { fork } from 'node:child_process';
import { request } from 'undici';
import { APPLICATION_TYPES, CaaCommands, ProvisioningEvents, applicationTypeOf, type ApplicationType } from '#libs/contracts';
import { CommandClient, connectNats } from '#libs/messaging';
import { generateKey } from '#libs/secrets';
import { createTestEnvironment, provisioningClusterOf } from '#libs/testing';
import { generateClusters } from '#simulators/uc-apps';
import { applicationCalls, BENCH_PROVISIONING_ENV, benchMessage, encryptedForBench, closeChildren, log, round } from './support/bench-kit.js';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const CONCURRENCY_PER_TYPE = Number(process.env.BENCH_CONCURRENCY_PER_TYPE ?? 25);
const TOKEN = 'bench-token';
const ADDRESS_BASE = '127.90.0.1';

/** BENCH_PROFILE_DIR: a V8 CPU profile of each process, under `<dir>/app-adapter` and `<dir>/simulators`. */
const profileFlags = (name: string): string[] =>
  process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}/${name}`] : [];

const main = async (): Promise<void> => {
  const env = await createTestEnvironment('benchadapter');
  // The simulators run in a child process so that their CPU does not count against app-adapter.
  const simulators = fork(new URL('./support/adapter-simulators.process.js', import.meta.url), [], {
    execArgv: profileFlags('simulators'),
    env: { ...process.env, BENCH_CLUSTERS: String(CLUSTERS), BENCH_TOKEN: TOKEN, BENCH_ADDRESS_BASE: ADDRESS_BASE },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const { ucPort, sshPort } = await new Promise<{ ucPort: number; sshPort: number }>((resolve, reject) => {
    simulators.once('message', (m) => resolve(m as { ucPort: number; sshPort: number }));
    simulators.once('exit', (code) => reject(new Error(`simulators exited with ${code}`)));
  });
  const ucAdmin = `http://127.0.0.1:${ucPort}/__admin`;
  const admin = async (method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown) => {
    const res = await request(`${ucAdmin}${path}`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
    return res.body.json() as Promise<unknown>;
  };
  const simClusters = generateClusters(CLUSTERS, { addressBase: ADDRESS_BASE });
  // app-adapter in its own process, as deployed; this process plays its callers (registration, reporting).
  const adapter = fork(new URL('./support/app-adapter.process.js', import.meta.url), [], {
    execArgv: profileFlags('app-adapter'),
    env: {
      ...process.env,
      ...env.env,
      PORT: '0',
      SMARTLIC_ENCRYPTION_KEYS: generateKey('bench'),
      ...BENCH_PROVISIONING_ENV,
      // The simulator's certificate names only its first 1,000 addresses: plain HTTP for the 2,000 nodes here.
      CAA_HTTP_SCHEME: 'http',
      CAA_SSH_PORT: String(sshPort),
      CAA_MAX_CONCURRENCY_PER_TYPE: String(CONCURRENCY_PER_TYPE),
      // The daily usage collection (first run a minute after start) would add its reads to the measured calls.
      CAA_USAGE_COLLECTION_INTERVAL_MS: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    adapter.once('message', () => resolve());
    adapter.once('exit', (code) => reject(new Error(`app-adapter exited with ${code}`)));
  });
  const handles = await connectNats({ url: env.natsUrl, name: 'bench-caller', namespace: env.namespace });
  const commands = new CommandClient(handles);
  try {
    const t0 = performance.now();
    // The customers first, as a provisioning system publishes them: app-adapter keeps a cluster only once its customer exists.
    for (const id of new Set(simClusters.map((c) => c.customerId ?? 'customer-0'))) {
      const m = benchMessage(ProvisioningEvents.customerCreated.subject, ProvisioningEvents.customerCreated.type, { id, name: id });
      await handles.js.publish(handles.subjects.qualify(m.subject), m.payload, { msgID: m.id });
    }
    for (const c of simClusters) {
      const m = benchMessage(ProvisioningEvents.clusterCreated.subject, ProvisioningEvents.clusterCreated.type, await encryptedForBench(provisioningClusterOf(c, { port: ucPort }, { customerId: c.customerId ?? 'customer-0' })));
      await handles.js.publish(handles.subjects.qualify(m.subject), m.payload, { msgID: m.id });
    }
    // Provisioned when app-adapter knows every cluster (its last-known status answers without calling the application).
    let pending = simClusters;
    while (pending.length > 0) {
      const known = await Promise.all(pending.map((c) => commands.request(CaaCommands.status(applicationTypeOf(c.type)), { clusterId: c.id, source: 'last-known' })));
      pending = pending.filter((_, i) => !known[i]!.known);
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 200));
    }
    log(`provisioned ${CLUSTERS} clusters in ${Math.round(performance.now() - t0)} ms`);

    // Every application call answers after LATENCY_MS (the simulator's LatencyModel, through its admin API).
    await admin('PUT', '/latency', { rules: [{ route: '*', fixedMs: LATENCY_MS }] });
    await admin('DELETE', '/calls');

    let failures = 0;
    const start = performance.now();
    await Promise.all(
      simClusters.map(async (c) => {
        const type = applicationTypeOf(c.type);
        try {
          await commands.request(CaaCommands.register(type), { clusterId: c.id, token: TOKEN });
          const status = await commands.request(CaaCommands.status(type), { clusterId: c.id });
          if (status.registrationStatus !== 'registered') throw new Error(`${c.id}: ${status.registrationStatus}`);
          await commands.request(CaaCommands.licenseUsage(type), { clusterId: c.id });
        } catch (e) {
          failures++;
          if (failures <= 5) log(`failed: ${c.id}: ${(e as Error).message}`);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;

    const { byType: callsByType, total: calls } = await applicationCalls(admin);
    const idealByType = Object.fromEntries(APPLICATION_TYPES.map((t) => [t, round((callsByType[t] * LATENCY_MS) / 1000 / CONCURRENCY_PER_TYPE)])) as Record<ApplicationType, number>;
    const idealSeconds = Math.max(...Object.values(idealByType));
    const pooledIdeal = (calls * LATENCY_MS) / 1000 / (CONCURRENCY_PER_TYPE * APPLICATION_TYPES.length);
    log(`calls by type ${JSON.stringify(callsByType)}; ideal by type ${JSON.stringify(idealByType)} s`);
    console.log(
      JSON.stringify({
        clusters: CLUSTERS,
        failures,
        calls,
        latency_ms: LATENCY_MS,
        concurrency_per_type: CONCURRENCY_PER_TYPE,
        seconds: round(seconds),
        ideal_seconds: round(idealSeconds),
        ratio_to_ideal: round(seconds / idealSeconds),
        pooled_ideal_seconds: round(pooledIdeal),
        calls_per_second: round(calls / seconds, 1),
      }),
    );
  } finally {
    await handles.nc.drain();
    await closeChildren([adapter]);
    simulators.send('close');
    await env.cleanup();
  }
};

await main();
