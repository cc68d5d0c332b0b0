import { randomUUID } from 'node:crypto';
import { PROVISIONING_LIMITS, ProvisioningEvents } from '#libs/contracts';
import { CHAOS_SERVICES, type ChaosServiceName } from './chaos-supervisor.js';
import { JOB_LEASE_MS, log, round, sleep, until, type ChaosWorld, type SimCluster } from './chaos-world.js';

/** What one scenario measured; `problems` empty means it passed. */
export interface ScenarioResult {
  name: string;
  passed: boolean;
  seconds: number;
  clusters?: number;
  succeeded?: number;
  failed?: number;
  registerCalls?: number;
  expectedRegisterCalls?: number;
  deadLetters?: number;
  goodEvents?: number;
  applied?: number;
  restarts: number;
  problems: string[];
  [figure: string]: unknown;
}

export interface Scenario {
  name: string;
  /** Clusters the scenario takes from the simulators. */
  clusters: number;
  run(world: ChaosWorld): Promise<Omit<ScenarioResult, 'name' | 'passed' | 'seconds' | 'restarts'> & { problems: string[] }>;
}

/** Smart agents of a cluster: each Expressway node has one, the other applications one on the publisher. */
const agentsOf = (c: SimCluster): number => (c.type.startsWith('expressway') ? c.nodes.length : 1);

/**
 * The end state every batch scenario must reach: each job final and Succeeded (the simulators inject no fault), the
 * register operation called exactly once per smart agent, no outbox row left unpublished, no process crashed, every
 * process ready again.
 */
const verifyBatch = async (world: ChaosWorld, clusters: readonly SimCluster[], jobIds: readonly string[], timeoutMs: number) => {
  const problems: string[] = [];
  try {
    await until(`${jobIds.length} jobs in a final state`, async () => (await world.jobCounts(jobIds)).final === jobIds.length, timeoutMs, 500);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const jobs = await world.jobCounts(jobIds).catch(() => ({ done: 0, failed: 0, final: 0 }));
  if (jobs.final < jobIds.length) {
    const stuck = (await world.db.query(`SELECT entity_id, status, step, locked_by FROM registration.job WHERE id = ANY($1::uuid[]) AND status NOT IN ('Succeeded', 'Failed', 'Cancelled') LIMIT 3`, [jobIds])).rows;
    problems.push(`${jobIds.length - jobs.final} jobs not final (stuck), e.g. ${JSON.stringify(stuck)}`);
  }
  if (jobs.failed > 0) {
    const failed = (await world.db.query(`SELECT entity_id, step, status_info FROM registration.job WHERE id = ANY($1::uuid[]) AND status = 'Failed' LIMIT 3`, [jobIds])).rows;
    problems.push(`${jobs.failed} jobs failed, e.g. ${JSON.stringify(failed)}`);
  }
  const calls = await world.registerCalls();
  let registerCalls = 0;
  let expected = 0;
  const wrong: string[] = [];
  for (const c of clusters) {
    const n = calls.get(c.id) ?? 0;
    registerCalls += n;
    expected += agentsOf(c);
    if (n !== agentsOf(c)) wrong.push(`${c.id}: ${n}/${agentsOf(c)}`);
  }
  if (wrong.length) problems.push(`register calls differ from one per smart agent on ${wrong.length} clusters, e.g. ${wrong.slice(0, 5).join(', ')}`);
  try {
    await world.sup.allReady(60_000);
  } catch (error) {
    problems.push((error as Error).message);
  }
  try {
    await until('every outbox row published', async () => (await world.unpublished()) === 0, 30_000, 500);
  } catch (error) {
    problems.push(`outbox: ${(error as Error).message}`);
  }
  return { clusters: clusters.length, succeeded: jobs.done, failed: jobs.failed, registerCalls, expectedRegisterCalls: expected, problems };
};

/**
 * One assignment batch of `clusters` clusters (provisioned first), `fault` run once a quarter of its jobs is final;
 * `beforeAssign` runs before provisioning (the backlog scenario takes the consumers down there).
 */
const batchScenario = (
  name: string,
  size: number,
  fault: (world: ChaosWorld) => Promise<Record<string, unknown> | void>,
  options: { timeoutMs?: number; provision?: (world: ChaosWorld, clusters: SimCluster[]) => Promise<Record<string, unknown>> } = {},
): Scenario => ({
  name,
  clusters: size,
  run: async (world) => {
    const clusters = world.take(size);
    const figures: Record<string, unknown> = options.provision ? await options.provision(world, clusters) : {};
    if (!options.provision) {
      await world.publish(await world.provisioningMessages(clusters));
      await world.awaitInventory(clusters, 120_000);
    }
    const started = Date.now();
    const jobIds = await world.assign(clusters);
    let faultError: Error | undefined;
    const faulted = (async () => {
      await until('a quarter of the batch', async () => (await world.jobCounts(jobIds)).final >= jobIds.length / 4, options.timeoutMs ?? 300_000, 100);
      log(`  ${name}: fault at ${round((Date.now() - started) / 1000)} s`);
      Object.assign(figures, (await fault(world)) ?? {});
    })().catch((error: Error) => {
      faultError = error;
    });
    const verified = await verifyBatch(world, clusters, jobIds, options.timeoutMs ?? 300_000);
    await faulted;
    if (faultError) verified.problems.push(`fault: ${faultError.message}`);
    return { ...verified, batchSeconds: round((Date.now() - started) / 1000), ...figures };
  },
});

const one = (world: ChaosWorld, service: ChaosServiceName) => world.sup.of(service)[0]!;

const killScenario = (service: ChaosServiceName, size: number): Scenario =>
  batchScenario(`kill -9 ${service}`, size, async (world) => {
    await world.sup.kill(one(world, service), 'SIGKILL');
  });

const killTwoScenario = (a: ChaosServiceName, b: ChaosServiceName, size: number): Scenario =>
  batchScenario(`kill -9 ${a} + ${b}`, size, async (world) => {
    await Promise.all([world.sup.kill(one(world, a), 'SIGKILL'), world.sup.kill(one(world, b), 'SIGKILL')]);
  });

const sigtermScenario = (service: ChaosServiceName, size: number): Scenario =>
  batchScenario(`SIGTERM ${service}`, size, async (world) => {
    const t0 = Date.now();
    await world.sup.kill(one(world, service), 'SIGTERM');
    return { drainSeconds: round((Date.now() - t0) / 1000) };
  });

const natsRestartScenario = (size: number): Scenario =>
  batchScenario('NATS restart', size, async (world) => {
    const t0 = Date.now();
    if (world.nats.nodes.length === 1) {
      await world.nats.nodes[0]!.stop();
      await sleep(3_000);
      await world.nats.nodes[0]!.start();
    } else {
      // A three-node cluster: one node killed hard mid-batch, back after a while; the other two keep quorum.
      await world.nats.nodes[1]!.stop(true);
      await sleep(10_000);
      await world.nats.nodes[1]!.start();
    }
    return { natsDownSeconds: round((Date.now() - t0) / 1000) };
  });

const postgresRestartScenario = (size: number): Scenario =>
  batchScenario('Postgres restart', size, async (world) => {
    const t0 = Date.now();
    await world.postgres.stop();
    await sleep(3_000);
    await world.postgres.start();
    return { postgresDownSeconds: round((Date.now() - t0) / 1000) };
  });

const freezeScenario = (service: ChaosServiceName, size: number): Scenario =>
  batchScenario(`SIGSTOP ${service} beyond the job lease`, size, async (world) => {
    const ms = JOB_LEASE_MS + 5_000;
    await world.sup.freeze(one(world, service), ms);
    return { frozenSeconds: ms / 1000 };
  });

/** Provisioning consumers (registration, app-adapter) down while a backlog of ~`bytes` of cluster events queues up. */
const backlogScenario = (size: number, bytes: number): Scenario =>
  batchScenario('provisioning backlog with consumers down', size, async () => undefined, {
    provision: async (world, clusters) => {
      let release!: () => void;
      const down = { promise: new Promise<void>((r) => (release = r)), resolve: () => release() };
      const consumers = [...world.sup.of('registration'), ...world.sup.of('app-adapter')];
      await Promise.all(consumers.map((p) => world.sup.kill(p, 'SIGTERM', down.promise)));
      // Within the contract's CA bundle limit: a smaller batch makes a smaller backlog (its size is in the figures).
      const copies = Math.max(1, Math.min(Math.floor((PROVISIONING_LIMITS.caPemChars * 0.9) / world.caCertificateChars), Math.ceil(bytes / clusters.length / world.caCertificateChars)));
      const messages = await world.provisioningMessages(clusters, { caBundleCopies: copies });
      const total = messages.reduce((n, m) => n + Buffer.byteLength(m.payload), 0);
      const t0 = Date.now();
      await world.publish(messages, 32);
      log(`  backlog: ${messages.length} messages, ${round(total / 1e6)} MB published in ${round((Date.now() - t0) / 1000)} s with the consumers down`);
      const t1 = Date.now();
      down.resolve();
      await world.awaitInventory(clusters, 600_000);
      return { backlogMB: round(total / 1e6), backlogMessages: messages.length, drainSeconds: round((Date.now() - t1) / 1000) };
    },
  });

/** `bad` malformed provisioning events in the middle of `good` valid ones: each good one applied once, each bad one dead-lettered once. */
const badInputScenario = (good: number, bad: number): Scenario => ({
  name: `${bad} malformed events among ${good} good ones`,
  clusters: 0,
  run: async (world) => {
    const tag = `ev${randomUUID().slice(0, 6)}`;
    const consumers = ['registration__provisioning', 'app-adapter__provisioning-customers'];
    const before = await Promise.all(consumers.map((c) => world.deadLetters(c)));
    const { customerCreated } = ProvisioningEvents;
    const envelope = (data: unknown) => {
      const id = randomUUID();
      return { subject: customerCreated.subject, id, payload: JSON.stringify({ id, type: customerCreated.type, schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: id, data }) };
    };
    const goods = Array.from({ length: good }, (_, i) => envelope({ id: `${tag}-${i}`, name: `Chaos customer ${i}` }));
    // Malformed two ways: not JSON at all, and a valid envelope whose customer has no name.
    const bads = Array.from({ length: bad }, (_, i) => (i % 2 === 0 ? { subject: customerCreated.subject, id: randomUUID(), payload: `{"id": "broken-${i}"` } : envelope({ id: `${tag}-bad-${i}` })));
    const half = Math.floor(good / 2);
    const t0 = Date.now();
    await world.publish([...goods.slice(0, half), ...bads, ...goods.slice(half)], 256);
    const problems: string[] = [];
    const applied = async () => {
      const [r, a] = await Promise.all([
        world.count(`SELECT count(*) AS n FROM registration.customer WHERE id LIKE $1`, [`${tag}-%`]),
        world.count(`SELECT count(*) AS n FROM app_adapter.customer WHERE customer_id LIKE $1`, [`${tag}-%`]),
      ]);
      return { r, a };
    };
    const deadLettered = async () => (await Promise.all(consumers.map((c) => world.deadLetters(c)))).map((n, i) => n - before[i]!);
    try {
      await until(`${good} customers applied and ${bad} dead letters per consumer`, async () => {
        const { r, a } = await applied();
        const dl = await deadLettered();
        return r === good && a === good && dl.every((n) => n >= bad);
      }, 300_000, 500);
    } catch (error) {
      problems.push((error as Error).message);
    }
    const seconds = round((Date.now() - t0) / 1000);
    // Late duplicates would show here: a further pause, then the same figures again.
    await sleep(3_000);
    const { r, a } = await applied();
    const dl = await deadLettered();
    if (r !== good || a !== good) problems.push(`applied: registration ${r}, app-adapter ${a} of ${good}`);
    dl.forEach((n, i) => n !== bad && problems.push(`${consumers[i]}: ${n} dead letters for ${bad} malformed events`));
    const inbox = await world.count(`SELECT count(*) AS n FROM registration.inbox WHERE consumer = 'registration__provisioning' AND message_id = ANY($1)`, [goods.map((g) => g.id)]).catch(() => -1);
    if (inbox !== -1 && inbox !== 0 && inbox !== good) problems.push(`registration's inbox holds ${inbox} of the ${good} good events`);
    return { goodEvents: good, badEvents: bad, applied: Math.min(r, a), deadLetters: dl.reduce((x, y) => x + y, 0), drainSeconds: seconds, problems };
  },
});

/** The scenarios of a run: the full list (issue 16.9), or the short form `.ci/run` calls. */
export const chaosScenarios = (options: { short: boolean; batch: number; goodEvents: number; badEvents: number; backlogBytes: number }): Scenario[] => {
  const n = options.batch;
  if (options.short) {
    return [killScenario('registration', n), killScenario('app-adapter', n), killScenario('license-mode', n), sigtermScenario('registration', n), natsRestartScenario(n), badInputScenario(options.goodEvents, options.badEvents)];
  }
  return [
    ...CHAOS_SERVICES.map((s) => killScenario(s, n)),
    killTwoScenario('registration', 'app-adapter', n),
    ...CHAOS_SERVICES.map((s) => sigtermScenario(s, n)),
    natsRestartScenario(n),
    postgresRestartScenario(n),
    freezeScenario('registration', n),
    backlogScenario(n, options.backlogBytes),
    badInputScenario(options.goodEvents, options.badEvents),
  ];
};
