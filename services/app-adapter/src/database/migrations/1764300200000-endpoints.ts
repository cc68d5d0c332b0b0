import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Application endpoints (from provisioning) with encrypted credentials, and the last known smart-agent state. */
export class Endpoints1764300200000 implements MigrationInterface {
  name = 'Endpoints1764300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE endpoint (
      cluster_id text PRIMARY KEY,
      customer_id text NOT NULL,
      application_type text NOT NULL,
      cluster_type text NOT NULL,
      version text NOT NULL,
      nodes jsonb NOT NULL,
      credentials_ciphertext text,
      tls jsonb,
      revision bigint,
      source_occurred_at timestamptz NOT NULL,
      deleted_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE smart_agent_state (
      cluster_id text PRIMARY KEY,
      state jsonb NOT NULL,
      checked_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE smart_agent_state');
    await q.query('DROP TABLE endpoint');
  }
}
