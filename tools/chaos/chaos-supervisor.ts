import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NODE_FLAGS } from '#libs/service-kit';
import { freePort } from '#libs/testing';

/** The six services, in the order they start (the gateway last: it only forwards). */
export const CHAOS_SERVICES = ['sync', 'app-adapter', 'license-mode', 'registration', 'reporting', 'gateway'] as const;
export type ChaosServiceName = (typeof CHAOS_SERVICES)[number];

/** One OS process of a service (`registration#2` with two replicas). */
export interface ServiceProcess {
  id: string;
  service: ChaosServiceName;
  port: number;
  managementPort: number;
  logFile: string;
  child: ChildProcess;
  /** Set by a scenario's kill: the supervisor restarts the process when it exits (after `restartGate`). */
  restartOnExit: boolean;
  restartGate?: Promise<void>;
  starts: number;
}

/** A process that exited without a scenario killing it: a service crash the suite reports. */
export interface UnexpectedExit {
  id: string;
  code: number | null;
  signal: string | null;
  at: number;
  logTail: string;
}

const tail = (file: string, lines = 20): string => {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Each service as its own OS process from `dist/` (as deployed: one process per pod), `replicas` of each. It restarts
 * only a process a scenario killed through it (a kill -9, a SIGTERM), as Kubernetes would restart that pod; any other
 * exit is recorded as a crash and left down until `restartCrashed` (between scenarios), so a crash fails its scenario.
 */
export class ChaosSupervisor {
  readonly processes: ServiceProcess[] = [];
  readonly unexpected: UnexpectedExit[] = [];
  restarts = 0;
  private closing = false;
  private readonly logs: WriteStream[] = [];
  private readonly killAll = () => {
    for (const p of this.processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  };

  constructor(
    private readonly env: Record<string, string>,
    private readonly logDir: string,
    private readonly replicas: number,
  ) {
    mkdirSync(logDir, { recursive: true });
    process.on('exit', this.killAll);
  }

  async start(): Promise<void> {
    for (const service of CHAOS_SERVICES) {
      for (let r = 1; r <= this.replicas; r++) {
        const id = this.replicas > 1 ? `${service}#${r}` : service;
        const p: ServiceProcess = { id, service, port: await freePort(), managementPort: await freePort(), logFile: join(this.logDir, `${id.replace('#', '-')}.log`), child: undefined as never, restartOnExit: false, starts: 0 };
        this.processes.push(p);
        this.spawn(p);
      }
    }
    await this.allReady(120_000);
  }

  of(service: ChaosServiceName): ServiceProcess[] {
    return this.processes.filter((p) => p.service === service);
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.of('gateway')[0]!.port}`;
  }

  private spawn(p: ServiceProcess): void {
    const log = createWriteStream(p.logFile, { flags: 'a' });
    this.logs.push(log);
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, `dist/services/${p.service}/src/main.js`], {
      env: { ...process.env, ...this.env, PORT: String(p.port), MANAGEMENT_PORT: String(p.managementPort), HOST: '127.0.0.1', OTEL_SERVICE_INSTANCE_ID: p.id },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    p.child = child;
    p.starts += 1;
    child.once('exit', (code, signal) => {
      if (this.closing) return;
      if (p.restartOnExit) {
        p.restartOnExit = false;
        const gate = p.restartGate ?? Promise.resolve();
        p.restartGate = undefined;
        void gate.then(() => {
          if (this.closing) return;
          this.restarts += 1;
          this.spawn(p);
        });
        return;
      }
      this.unexpected.push({ id: p.id, code, signal, at: Date.now(), logTail: tail(p.logFile) });
    });
  }

  /** Sends `signal` to the process and has it restarted once it exited (after `restartGate`, when given). */
  kill(p: ServiceProcess, signal: NodeJS.Signals, restartGate?: Promise<void>): Promise<void> {
    p.restartOnExit = true;
    p.restartGate = restartGate;
    const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
    p.child.kill(signal);
    return exited;
  }

  /** SIGSTOP for `ms`, then SIGCONT: the process keeps its connections but answers nothing meanwhile. */
  async freeze(p: ServiceProcess, ms: number): Promise<void> {
    p.child.kill('SIGSTOP');
    try {
      await sleep(ms);
    } finally {
      p.child.kill('SIGCONT');
    }
  }

  /** Processes that crashed on their own are started again between scenarios (their scenario has failed already). */
  restartCrashed(): number {
    let n = 0;
    for (const p of this.processes) {
      if (p.child.exitCode !== null || p.child.signalCode !== null) {
        if (!p.restartOnExit) {
          this.spawn(p);
          n += 1;
        }
      }
    }
    return n;
  }

  async ready(p: ServiceProcess): Promise<boolean> {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return false;
    try {
      const res = await fetch(`http://127.0.0.1:${p.port}/readyz`, { signal: AbortSignal.timeout(1_000) });
      return res.ok;
    } catch {
      return false;
    }
  }

  /** Every process up and ready (restarted ones included); throws naming the ones that are not. */
  async allReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(this.processes.map(async (p) => ({ p, ok: await this.ready(p) })));
      const down = states.filter((s) => !s.ok);
      if (down.length === 0) return;
      if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs / 1000} s: ${down.map((s) => `${s.p.id}\n${tail(s.p.logFile, 8)}`).join('\n')}`);
      await sleep(250);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.processes.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
            const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
            p.child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            p.child.kill('SIGCONT');
            p.child.kill('SIGTERM');
          }),
      ),
    );
    process.off('exit', this.killAll);
    for (const log of this.logs) log.end();
  }
}
