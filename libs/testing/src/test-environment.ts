import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { dropDatabase, ensureDatabase } from '#libs/persistence';

/**
 * Isolation of one test file (or one scenario): its own database on the run's Postgres and its own NATS
 * namespace (subject and stream prefix), both named after the run so global teardown can sweep leftovers.
 */
export interface TestEnvironment {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  /** Env for a service under test. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

const runId = (): string => process.env.TEST_RUN_ID ?? 'local';

export const createTestEnvironment = async (label = 't'): Promise<TestEnvironment> => {
  const suffix = `${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 12)}_${randomBytes(3).toString('hex')}`;
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/smartlic_t_${runId()}_${suffix}`;
  const databaseUrl = base.toString();
  await ensureDatabase(databaseUrl);
  const natsUrl = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
  const namespace = `T${runId()}_${suffix}`;
  return {
    databaseUrl,
    natsUrl,
    namespace,
    env: { DATABASE_URL: databaseUrl, NATS_URL: natsUrl, NATS_NAMESPACE: namespace, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', MANAGEMENT_PORT: '0' },
    cleanup: async () => {
      await dropDatabase(databaseUrl).catch(() => undefined);
      const nc = await connect({ servers: natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        for await (const name of jsm.streams.names()) if (name.startsWith(`${namespace}_`)) await jsm.streams.delete(name).catch(() => undefined);
      } finally {
        await nc.close();
      }
    },
  };
};

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export const eventually = async <T>(probe: () => Promise<T | undefined | false> | T | undefined | false, options: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> => {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.what ?? 'condition'}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
};
