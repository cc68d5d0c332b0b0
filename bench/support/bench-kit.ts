import { fork, type ChildProcess } from 'node:child_process';
import { request } from 'undici';

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
  const child = fork(module, [], { env, execArgv: profile, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${module.pathname} exited with ${code}`)));
  });
  return child;
};

export interface SimulatorsProcess {
  child: ChildProcess;
  ucPort: number;
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
  const sim = await new Promise<{ ucPort: number; tokenUrl: string; apiBaseUrl: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { ucPort: number; tokenUrl: string; apiBaseUrl: string }));
    child.once('exit', (code) => reject(new Error(`simulators exited with ${code}`)));
  });
  const ucAdmin = async (method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> => {
    const res = await request(`http://127.0.0.1:${sim.ucPort}/__admin${path}`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
    return res.body.json();
  };
  return { child, ...sim, ucAdmin };
};
