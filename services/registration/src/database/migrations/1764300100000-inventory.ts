import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Customer and cluster inventory: the projection of the provisioning events. */
export class Inventory1764300100000 implements MigrationInterface {
  name = 'Inventory1764300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customer (
      id text PRIMARY KEY,
      name text NOT NULL,
      proxy jsonb,
      revision bigint,
      source_occurred_at timestamptz NOT NULL,
      deleted_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE cluster (
      id text PRIMARY KEY,
      customer_id text NOT NULL,
      name text NOT NULL,
      type text NOT NULL,
      version text NOT NULL,
      licensing text NOT NULL DEFAULT 'smart',
      nodes jsonb NOT NULL,
      has_admin_credentials boolean NOT NULL,
      has_platform_credentials boolean NOT NULL,
      proxy jsonb,
      revision bigint,
      source_occurred_at timestamptz NOT NULL,
      deleted_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX cluster_customer ON cluster (customer_id) WHERE deleted_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE cluster');
    await q.query('DROP TABLE customer');
  }
}
