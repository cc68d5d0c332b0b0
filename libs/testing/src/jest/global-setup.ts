import { randomBytes } from 'node:crypto';
import { ensureDebianTools, isPortOpen, startLocalNats, startLocalPostgres } from './prerequisites.js';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

const reachable = (url: string, defaultPort: number): Promise<boolean> => {
  const u = new URL(url);
  return isPortOpen(u.hostname, Number(u.port || defaultPort));
};

/**
 * Brings up what the tests need (./prerequisites.ts), then chooses the Postgres and NATS servers of the run:
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
