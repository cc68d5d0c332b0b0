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
