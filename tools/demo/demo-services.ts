import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SERVICE_NODE_FLAGS } from '#libs/service-kit';

/** The six services, in the order they start (the gateway last: it only forwards). */
export const DEMO_SERVICES = ['sync', 'app-adapter', 'license-mode', 'registration', 'reporting', 'gateway'] as const;
export type DemoServiceName = (typeof DEMO_SERVICES)[number];

export interface RunningDemoService {
  name: DemoServiceName;
  port: number;
  url: string;
  logFile: string;
  child: ChildProcess;
}

export interface DemoServices {
  services: Record<DemoServiceName, RunningDemoService>;
  gatewayUrl: string;
  stop(): Promise<void>;
  /** Stops one service (SIGTERM, as a rolling restart does) and starts it again on the same ports; resolves when it is ready. */
  restart(name: DemoServiceName): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the demo must not collide with `npm start` or another engineer's services). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

const tail = (file: string, lines = 15): string => {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};

const waitReady = async (service: RunningDemoService, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited with code ${service.child.exitCode} before it was ready; last lines of ${service.logFile}:\n${tail(service.logFile)}`);
    try {
      const res = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${service.name} was not ready within ${timeoutMs / 1000} s; last lines of ${service.logFile}:\n${tail(service.logFile)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

const stopChild = (child: ChildProcess, graceMs: number): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });

/**
 * Starts the six services from `dist/` as child processes (like `npm start`), each on a free port with its logs in
 * `<logDir>/<service>.log`, and waits until every one answers /readyz (migrations done, Postgres and NATS up).
 */
export const startDemoServices = async (env: Record<string, string>, logDir: string): Promise<DemoServices> => {
  mkdirSync(logDir, { recursive: true });
  const services = {} as Record<DemoServiceName, RunningDemoService>;
  const logs: WriteStream[] = [];
  const managementPorts = new Map<DemoServiceName, number>();
  const serviceLogs = new Map<DemoServiceName, WriteStream>();
  const spawnService = (name: DemoServiceName, port: number, managementPort: number, log: WriteStream): ChildProcess => {
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, `dist/services/${name}/src/main.js`], { env: { ...process.env, ...env, PORT: String(port), MANAGEMENT_PORT: String(managementPort) }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    return child;
  };
  // Whatever ends the demo (an error, Ctrl-C, a closed terminal), no service outlives it.
  const killAll = () => {
    for (const s of Object.values(services)) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  };
  process.on('exit', killAll);
  const stop = async () => {
    await Promise.all(Object.values(services).map((s) => stopChild(s.child, 12_000)));
    process.off('exit', killAll);
    for (const log of logs) log.end();
  };
  try {
    for (const name of DEMO_SERVICES) {
      const port = await freePort();
      const logFile = join(logDir, `${name}.log`);
      const log = createWriteStream(logFile, { flags: 'w' });
      logs.push(log);
      const managementPort = await freePort();
      const child = spawnService(name, port, managementPort, log);
      services[name] = { name, port, url: `http://127.0.0.1:${port}`, logFile, child };
      managementPorts.set(name, managementPort);
      serviceLogs.set(name, log);
    }
    await Promise.all(Object.values(services).map((s) => waitReady(s, 90_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  const restart = async (name: DemoServiceName): Promise<void> => {
    const service = services[name];
    await stopChild(service.child, 12_000);
    service.child = spawnService(name, service.port, managementPorts.get(name)!, serviceLogs.get(name)!);
    await waitReady(service, 90_000);
  };
  return { services, gatewayUrl: services.gateway.url, stop, restart };
};
