import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

/** Drops this run's databases and streams (named after TEST_RUN_ID), then stops any containers. */
export default async (): Promise<void> => {
  const runId = process.env.TEST_RUN_ID;
  if (runId && process.env.TEST_DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    try {
      await client.connect();
      const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`smartlic_t_${runId}_%`]);
      for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (runId && process.env.TEST_NATS_URL) {
    const nc = await connect({ servers: process.env.TEST_NATS_URL }).catch(() => undefined);
    if (nc) {
      const jsm = await jetstreamManager(nc);
      for await (const name of jsm.streams.names()) if (name.startsWith(`T${runId}`)) await jsm.streams.delete(name).catch(() => undefined);
      await nc.close();
    }
  }
  const g = globalThis as unknown as { __SMARTLIC_CONTAINERS__?: { stop(): Promise<unknown> }[] };
  for (const c of g.__SMARTLIC_CONTAINERS__ ?? []) await c.stop();
};
