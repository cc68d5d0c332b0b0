import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { request } from 'undici';
import { APPLICATION_TYPES, type ApplicationType } from '#libs/contracts';
import type { NatsHandles } from '#libs/messaging';
import { encryptProvisioningPasswords, generateKey, generateProvisioningKeyPair } from '#libs/secrets';
import { SERVICE_NODE_FLAGS } from '#libs/service-kit';
import type { TestEnvironment } from '#libs/testing';

/** Helpers the end-to-end benches share: progress on stderr, rounding, polling, child processes. */
export const log = (message: string): void => void process.stderr.write(`${message}\n`);
export const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const until = async (what: string, probe: () => Promise<boolean>, timeoutMs = 600_000, intervalMs = 50): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
};

/** Forks a bench process (`bench/support/*.process.js`) and waits for its first message (ready). */
export const forkReady = async (module: URL, env: Record<string, string | undefined>): Promise<ChildProcess> => {
  // BENCH_PROFILE_DIR + BENCH_PROFILE_SERVICE (one name or a comma-separated list): a CPU profile of those services.
  const profiled = (process.env.BENCH_PROFILE_SERVICE ?? '').split(',').map((s) => s.trim());
  const profile = process.env.BENCH_PROFILE_DIR && env.BENCH_SERVICE !== undefined && profiled.includes(env.BENCH_SERVICE) ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  // A service runs with the flags of the image (SERVICE_NODE_FLAGS); the simulators with Node's defaults.
  const flags = env.BENCH_SERVICE !== undefined ? SERVICE_NODE_FLAGS : [];
  const child = fork(module, [], { env, execArgv: [...flags, ...profile], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${module.pathname} exited with ${code}`)));
  });
  return child;
};

export interface SimulatorsProcess {
  child: ChildProcess;
  ucPort: number;
  /** The SSH port of the Emergency Responder nodes' platform CLI. */
  sshPort: number;
  tokenUrl: string;
  apiBaseUrl: string;
  /** The uc-apps simulator's admin API (latency, call counts). */
  ucAdmin(method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
}

/** Starts CSSM and uc-apps simulators in their own process (`autoreg-simulators.process.js`) with `clusters` clusters. */
export const forkSimulators = async (clusters: number, addressBase: string): Promise<SimulatorsProcess> => {
  const child = fork(new URL('./autoreg-simulators.process.js', import.meta.url), [], {
    env: { ...process.env, BENCH_CLUSTERS: String(clusters), BENCH_ADDRESS_BASE: addressBase },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const sim = await new Promise<{ ucPort: number; sshPort: number; tokenUrl: string; apiBaseUrl: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { ucPort: number; sshPort: number; tokenUrl: string; apiBaseUrl: string }));
    child.once('exit', (code) => reject(new Error(`simulators exited with ${code}`)));
  });
  const ucAdmin = async (method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> => {
    const res = await request(`http://127.0.0.1:${sim.ucPort}/__admin${path}`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
    return res.body.json();
  };
  return { child, ...sim, ucAdmin };
};

/**
 * CPU time (user + system, ms) of each named child process, read from /proc: a phase's CPU per cluster is the
 * difference of two readings, which a busy machine changes far less than it changes wall time.
 */
export const cpuOf = (children: Record<string, ChildProcess>): Record<string, number> => {
  const ticksToMs = 10; // USER_HZ is 100 on Linux
  return Object.fromEntries(
    Object.entries(children).map(([name, child]) => {
      // /proc/<pid>/stat: the command is in parentheses and may hold spaces; utime and stime are fields 14 and 15.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      return [name, (Number(fields[11]) + Number(fields[12])) * ticksToMs];
    }),
  );
};

/** Per-process CPU of a phase, from two `cpuOf` readings. */
export const cpuBetween = (before: Record<string, number>, after: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.keys(after).map((name) => [name, after[name] - (before[name] ?? 0)]));

/**
 * The profile of one phase rather than of the whole process life (start-up and provisioning would dominate it):
 * BENCH_PHASE_PROFILE_DIR set, the bench sends 'profile:start' before the phase and 'profile:stop' after it to
 * the children named in BENCH_PROFILE_SERVICE, each writing `<dir>/<name>.cpuprofile`.
 */
export const phaseProfile = {
  enabled: (name: string): boolean =>
    process.env.BENCH_PHASE_PROFILE_DIR !== undefined && (process.env.BENCH_PROFILE_SERVICE ?? '').split(',').map((s) => s.trim()).includes(name),
  send: async (children: Record<string, ChildProcess>, message: 'profile:start' | 'profile:stop'): Promise<void> => {
    const profiled = Object.entries(children).filter(([name]) => phaseProfile.enabled(name));
    await Promise.all(
      profiled.map(([, child]) => new Promise<void>((resolve) => {
        child.once('message', () => resolve());
        child.send(message);
      })),
    );
  },
};

/** In a bench child process: on 'close' from the bench, print the process's CPU time (stderr), close, exit. */
export const exitOnClose = (name: string, close: () => Promise<unknown>): void => {
  let session: Session | undefined;
  process.on('message', async (message) => {
    if (message === 'profile:start') {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      return void process.send?.('profiling');
    }
    if (message === 'profile:stop' && session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(`${process.env.BENCH_PHASE_PROFILE_DIR ?? '.'}/${name}.cpuprofile`, JSON.stringify(profile));
      session.disconnect();
      return void process.send?.('profiled');
    }
    if (message !== 'close') return;
    const cpu = process.cpuUsage();
    process.stderr.write(`${name} cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms\n`);
    await close();
    process.exit(0);
  });
};

/** Asks bench child processes to close (printing their CPU time), one after another, and waits for them to exit. */
export const closeChildren = async (children: readonly ChildProcess[]): Promise<void> => {
  for (const child of children) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('close');
    await exited;
  }
};

export interface SmartlicServicesSettings {
  concurrencyPerType: number;
  /** The simulators' SSH port (Emergency Responder platform CLI). */
  sshPort: number;
  jobConcurrency: number;
  /** More environment for every service. */
  env?: Record<string, string>;
}

/**
 * The deployment's key for provisioning credentials in the benchmarks: the services require encrypted passwords, and
 * the benchmark, as a provisioning system, encrypts every password of every event with the public half.
 */
const BENCH_PROVISIONING_KEYS = generateProvisioningKeyPair('bench');
export const BENCH_PROVISIONING_ENV = { PROVISIONING_DECRYPTION_KEYS: BENCH_PROVISIONING_KEYS.privateJwks, PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS: 'true' };
export const encryptedForBench = <T extends Parameters<typeof encryptProvisioningPasswords>[0]>(data: T): Promise<T> => encryptProvisioningPasswords(data, BENCH_PROVISIONING_KEYS.publicJwk);

/**
 * sync, license-mode, app-adapter and registration, each in its own process as deployed (`smartlic-service.process.js`),
 * configured for the simulators of `forkSimulators`. The simulator's certificate names only its first 1,000 addresses:
 * plain HTTP to the applications here.
 */
export const forkSmartlicServices = async (env: TestEnvironment, settings: SmartlicServicesSettings): Promise<ChildProcess[]> => {
  const serviceEnv = {
    ...process.env,
    ...env.env,
    PORT: '0',
    LOG_LEVEL: 'warn',
    SMARTLIC_ENCRYPTION_KEYS: generateKey('bench'),
    ...BENCH_PROVISIONING_ENV,
    CAA_HTTP_SCHEME: 'http',
    CAA_SSH_PORT: String(settings.sshPort),
    CAA_MAX_CONCURRENCY_PER_TYPE: String(settings.concurrencyPerType),
    // The daily usage collection (first run a minute after start) would add its reads to the measured jobs.
    CAA_USAGE_COLLECTION_INTERVAL_MS: '0',
    REGISTRATION_JOB_CONCURRENCY: String(settings.jobConcurrency),
    REGISTRATION_JOB_POLL_MS: '100ms',
    ...settings.env,
  };
  const children: ChildProcess[] = [];
  for (const name of ['sync', 'license-mode', 'app-adapter', 'registration']) {
    children.push(await forkReady(new URL('./smartlic-service.process.js', import.meta.url), { ...serviceEnv, BENCH_SERVICE: name }));
  }
  return children;
};

/** A provisioning event ready to publish: its envelope as JSON, and its id (the Nats-Msg-Id). */
export interface BenchMessage {
  subject: string;
  payload: string;
  id: string;
}

export const benchMessage = (subject: string, type: string, data: unknown): BenchMessage => {
  const id = randomUUID();
  return { subject, id, payload: JSON.stringify({ id, type, schemaVersion: 1, occurredAt: new Date().toISOString(), correlationId: id, data }) };
};

/** Acknowledged JetStream publishes, `window` in flight at once; seconds taken. */
export const publishAll = async (
  handles: NatsHandles,
  messages: readonly BenchMessage[],
  options: { window: number; subjectOf?: (m: BenchMessage) => string },
): Promise<number> => {
  const subjectOf = options.subjectOf ?? ((m: BenchMessage) => handles.subjects.qualify(m.subject));
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: options.window }, async () => {
      while (next < messages.length) {
        const m = messages[next++]!;
        await handles.js.publish(subjectOf(m), m.payload, { msgID: m.id });
      }
    }),
  );
  return (performance.now() - start) / 1000;
};

/** The uc-apps simulator's call counts: by route, by application type (from the route's prefix), and in all. */
export const applicationCalls = async (
  ucAdmin: (method: 'GET', path: string) => Promise<unknown>,
): Promise<{ byRoute: Record<string, number>; byType: Record<ApplicationType, number>; total: number }> => {
  const { calls } = (await ucAdmin('GET', '/calls')) as { calls: Record<string, { total: number }> };
  const byRoute = Object.fromEntries(Object.entries(calls).map(([route, { total }]) => [route, total]));
  const byType = Object.fromEntries(APPLICATION_TYPES.map((t) => [t, 0])) as Record<ApplicationType, number>;
  for (const [route, total] of Object.entries(byRoute)) byType[APPLICATION_TYPES.find((t) => route.startsWith(`${t}.`)) ?? 'cucm'] += total;
  return { byRoute, byType, total: Object.values(byType).reduce((a, b) => a + b, 0) };
};
