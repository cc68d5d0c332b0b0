import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, MessagingTables1764300000000, pruneExpired, runServiceMigrations } from '#libs/persistence';
import { createTestEnvironment, type TestEnvironment } from '#libs/testing';
import { inboxRetention, outboxRetention } from '../index.js';

const HOUR = 3_600_000;

describe('retention of the outbox and the inbox', () => {
  let env: TestEnvironment;
  let ds: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment('retention');
    ds = createServiceDataSource({ url: env.databaseUrl, schema: 'retention_test', migrations: [MessagingTables1764300000000] });
    await ds.initialize();
    await runServiceMigrations(ds, 'retention_test');
  });

  afterAll(async () => {
    await ds?.destroy();
    await env?.cleanup();
  });

  // Ages are relative to the database's clock, as the pruning's are.
  const outboxRow = async (label: string, createdHoursAgo: number, publishedHoursAgo: number | null): Promise<string> => {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO outbox (id, subject, payload, created_at, published_at)
       VALUES ($1, 'smartlic.test.v1.thing.happened', $2, now() - $3 * interval '1 hour', CASE WHEN $4::float8 IS NULL THEN NULL ELSE now() - $4::float8 * interval '1 hour' END)`,
      [id, JSON.stringify({ label }), createdHoursAgo, publishedHoursAgo],
    );
    return id;
  };
  const inboxRow = async (consumer: string, id: string, hoursAgo: number) =>
    ds.query(`INSERT INTO inbox (message_id, consumer, received_at) VALUES ($1, $2, now() - $3 * interval '1 hour')`, [id, consumer, hoursAgo]);

  it('deletes published outbox rows and inbox records older than their window, in batches, and keeps newer and unpublished rows', async () => {
    const oldPublished = await Promise.all(Array.from({ length: 7 }, (_, i) => outboxRow(`old-${i}`, 50, 49)));
    const recentPublished = await outboxRow('recent', 30, 23.5);
    // Stuck for two days (NATS was down): never pruned, the relay still owes it.
    const oldUnpublished = await outboxRow('unpublished', 48, null);
    for (let i = 0; i < 5; i++) await inboxRow('registration__provisioning', `old-${i}`, 25);
    await inboxRow('registration__provisioning', 'recent', 1);
    await inboxRow('sync__va-assignments', 'recent', 23);

    const deleted = await pruneExpired(ds, [outboxRetention(24 * HOUR), inboxRetention(24 * HOUR)], 3);

    expect(deleted).toEqual({ outbox: 7, inbox: 5 });
    const outbox: { id: string }[] = await ds.query('SELECT id FROM outbox ORDER BY id');
    expect(outbox.map((r) => r.id).sort()).toEqual([recentPublished, oldUnpublished].sort());
    expect(oldPublished.some((id) => outbox.some((r) => r.id === id))).toBe(false);
    const inbox: { message_id: string; consumer: string }[] = await ds.query('SELECT message_id, consumer FROM inbox ORDER BY consumer');
    expect(inbox).toEqual([
      { message_id: 'recent', consumer: 'registration__provisioning' },
      { message_id: 'recent', consumer: 'sync__va-assignments' },
    ]);
  });

  it('deletes nothing when nothing has expired', async () => {
    expect(await pruneExpired(ds, [outboxRetention(24 * HOUR), inboxRetention(24 * HOUR)], 3)).toEqual({ outbox: 0, inbox: 0 });
    expect(await ds.query('SELECT count(*)::int AS n FROM outbox')).toEqual([{ n: 2 }]);
  });
});
