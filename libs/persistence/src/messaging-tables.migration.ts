import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox and inbox tables every service owns in its schema (transactional outbox, idempotent consumers).
 * Unqualified names resolve to the service schema through search_path.
 */
export class MessagingTables1764300000000 implements MigrationInterface {
  name = 'MessagingTables1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbox (
      id uuid PRIMARY KEY,
      subject text NOT NULL,
      payload jsonb NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      attempts int NOT NULL DEFAULT 0,
      last_error text
    )`);
    await q.query('CREATE INDEX outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL');
    await q.query(`CREATE TABLE inbox (
      message_id text NOT NULL,
      consumer text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, message_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inbox');
    await q.query('DROP TABLE outbox');
  }
}

/**
 * Indexes for the retention prune (README, retention): without them every prune pass seq-scans the outbox and the
 * inbox; measured on 100k rows, a pass that finds nothing expired (the steady state) went from 23 ms to 2 ms (outbox)
 * and from 13 ms to 2 ms (inbox), growing with the table. Partial on the outbox: unpublished rows are never pruned
 * and have their own index. Plain CREATE INDEX (migrations run in a transaction): it blocks writes to the table
 * while it builds, a few hundred milliseconds per million rows.
 */
export class MessagingPruneIndexes1764303600000 implements MigrationInterface {
  name = 'MessagingPruneIndexes1764303600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL');
    await q.query('CREATE INDEX inbox_received ON inbox (received_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX inbox_received');
    await q.query('DROP INDEX outbox_published');
  }
}
