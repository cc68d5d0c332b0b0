import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import net from 'node:net';

// (jest loads a global setup with require and without the module mapper: this file imports no sibling module.)

/**
 * What the test suite needs from the machine beyond npm packages, brought up by the test command itself (jest's
 * global setup) so that `npm ci && npm test` passes on a fresh machine of this project's kind: the local PostgreSQL
 * and NATS servers started with their documented commands when they are installed but stopped, and the Debian
 * tools the tests drive (OpenSSH's sshd for SFTP delivery, libxml2-utils' xmllint for the AXL schema) installed with
 * apt-get when the run is root. Anything it cannot bring up stops the run at once with one line saying what to do.
 */

/** A Debian package a test drives, found by one of its executables. */
interface DebianTool {
  /** Absolute path, or a name looked up on the PATH. */
  executable: string;
  debianPackage: string;
  neededFor: string;
}

const TEST_TOOLS: readonly DebianTool[] = [
  { executable: '/usr/sbin/sshd', debianPackage: 'openssh-server', neededFor: "reporting's SFTP delivery tests (a real OpenSSH server on loopback)" },
  { executable: 'xmllint', debianPackage: 'libxml2-utils', neededFor: "the AXL schema tests (xmllint --schema against Cisco's AXLSoap.xsd)" },
];

const isPortOpen = (host: string, port: number, timeoutMs = 1_500): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });

const onPath = (name: string): string | undefined => {
  if (name.startsWith('/')) return existsSync(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  return undefined;
};

const isRoot = (): boolean => process.getuid?.() === 0;

const aptGet = (args: string[]): { ok: boolean; output: string } => {
  const run = spawnSync('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', timeout: 600_000 });
  return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
};

/** Installs the missing tools with apt-get (root only); throws one line per tool it cannot provide. */
const ensureDebianTools = (tools: readonly DebianTool[] = TEST_TOOLS): string[] => {
  const missing = tools.filter((t) => onPath(t.executable) === undefined);
  if (missing.length === 0) return [];
  const packages = [...new Set(missing.map((t) => t.debianPackage))];
  if (isRoot() && onPath('apt-get')) {
    let install = aptGet(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
    // A fresh machine has no package lists yet.
    if (!install.ok) install = aptGet(['update', '-qq']).ok ? aptGet(['install', '-y', '-qq', '--no-install-recommends', ...packages]) : install;
    if (!install.ok) throw new Error(`apt-get install ${packages.join(' ')} failed: ${install.output.trim().split('\n').slice(-3).join(' | ')}`);
  }
  const stillMissing = missing.filter((t) => onPath(t.executable) === undefined);
  if (stillMissing.length > 0) {
    throw new Error(stillMissing.map((t) => `Install the Debian package ${t.debianPackage} (${t.executable}): needed for ${t.neededFor}.`).join('\n'));
  }
  return packages;
};

const waitForPort = async (host: string, port: number, ms: number): Promise<boolean> => {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    if (await isPortOpen(host, port, 500)) return true;
  }
  return false;
};

/**
 * Starts the machine's own PostgreSQL cluster with the documented command when it is installed but down, and only for
 * the default loopback address (a URL pointing elsewhere is someone else's server).
 */
const startLocalPostgres = async (url: URL): Promise<boolean> => {
  if (!['127.0.0.1', 'localhost'].includes(url.hostname) || !onPath('pg_ctlcluster') || !existsSync('/etc/postgresql')) return false;
  const version = readdirSync('/etc/postgresql')[0];
  if (!version) return false;
  try {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'ignore', timeout: 60_000 });
  } catch {
    // Already starting, or refused: the port check below decides.
  }
  return waitForPort('127.0.0.1', Number(url.port || 5432), 30_000);
};

/** Starts the machine's nats-server with JetStream (the documented command) when it is installed but down. */
const startLocalNats = async (url: URL): Promise<boolean> => {
  const server = onPath('/usr/sbin/nats-server') ?? onPath('nats-server');
  if (!['127.0.0.1', 'localhost'].includes(url.hostname) || !server) return false;
  const storeDir = isRoot() ? '/var/lib/nats-server' : `${process.env.HOME ?? '/tmp'}/.smartlic-test-nats`;
  mkdirSync(storeDir, { recursive: true });
  const logFile = isRoot() ? '/var/log/nats-server.log' : `${storeDir}/nats-server.log`;
  const args = ['-a', '127.0.0.1', '-p', String(url.port || 4222), '-js', '-sd', storeDir, '-l', logFile];
  if (onPath('start-stop-daemon')) {
    spawnSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', server, '--', ...args], { stdio: 'ignore' });
  } else {
    spawn(server, args, { detached: true, stdio: 'ignore' }).unref();
  }
  return waitForPort('127.0.0.1', Number(url.port || 4222), 30_000);
};


const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

const reachable = (url: string, defaultPort: number): Promise<boolean> => {
  const u = new URL(url);
  return isPortOpen(u.hostname, Number(u.port || defaultPort));
};

/**
 * Brings up what the tests need (above), then chooses the Postgres and NATS servers of the run:
 * TEST_DATABASE_URL / TEST_NATS_URL, else the local defaults (started with their documented commands when installed
 * but stopped), else containers when a Docker engine exists (testcontainers is imported only then), else a clear
 * message. Each run gets an id; test files derive their own database and NATS namespace from it.
 */
export default async (): Promise<void> => {
  process.env.TEST_RUN_ID ??= randomBytes(3).toString('hex');
  ensureDebianTools();
  const databaseUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const natsUrl = process.env.TEST_NATS_URL ?? DEFAULT_NATS_URL;
  let [pgUp, natsUp] = await Promise.all([reachable(databaseUrl, 5432), reachable(natsUrl, 4222)]);
  if (!pgUp) pgUp = await startLocalPostgres(new URL(databaseUrl));
  if (!natsUp) natsUp = await startLocalNats(new URL(natsUrl));
  if (pgUp && natsUp) {
    process.env.TEST_DATABASE_URL = databaseUrl;
    process.env.TEST_NATS_URL = natsUrl;
    return;
  }
  let tc: typeof import('testcontainers');
  try {
    tc = await import('testcontainers');
    await tc.getContainerRuntimeClient();
  } catch {
    throw new Error(
      [
        'Integration tests need PostgreSQL and NATS with JetStream.',
        `  PostgreSQL ${pgUp ? 'answers' : 'does not answer'} at ${databaseUrl} (set TEST_DATABASE_URL)`,
        `  NATS ${natsUp ? 'answers' : 'does not answer'} at ${natsUrl} (set TEST_NATS_URL)`,
        'and no container runtime was found for testcontainers. Start them, e.g.:',
        '  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
        '  nats-server -a 127.0.0.1 -p 4222 -js &',
      ].join('\n'),
    );
  }
  const g = globalThis as unknown as { __SMARTLIC_CONTAINERS__?: { stop(): Promise<unknown> }[] };
  g.__SMARTLIC_CONTAINERS__ = [];
  if (!pgUp) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:15-alpine').start();
    g.__SMARTLIC_CONTAINERS__.push(container);
    const u = new URL(container.getConnectionUri());
    u.pathname = '/postgres';
    process.env.TEST_DATABASE_URL = u.toString();
  } else process.env.TEST_DATABASE_URL = databaseUrl;
  if (!natsUp) {
    const container = await new tc.GenericContainer('nats:2.10-alpine').withCommand(['-js']).withExposedPorts(4222).start();
    g.__SMARTLIC_CONTAINERS__.push(container);
    process.env.TEST_NATS_URL = `nats://${container.getHost()}:${container.getMappedPort(4222)}`;
  } else process.env.TEST_NATS_URL = natsUrl;
};
