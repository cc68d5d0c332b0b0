import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Virtual and smart accounts (projection of sync's events), cluster assignments with their Cluster Summary status,
 * and cluster jobs: persisted state machines a worker runs step by step (lease, attempt, next run).
 */
export class AssignmentsAndJobs1764300500000 implements MigrationInterface {
  name = 'AssignmentsAndJobs1764300500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE smart_account (
      id text PRIMARY KEY,
      name text NOT NULL,
      domain text,
      type text NOT NULL DEFAULT 'CSSM',
      transport_mode text NOT NULL DEFAULT 'Direct',
      satellite_registration_url text,
      removed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE virtual_account (
      id text PRIMARY KEY,
      smart_account_id text NOT NULL,
      smart_account_name text,
      smart_account_domain text,
      smart_account_type text,
      name text NOT NULL,
      description text,
      access_level text,
      license_mode text,
      removed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX virtual_account_name ON virtual_account (smart_account_id, name)');
    await q.query(`CREATE TABLE cluster_registration (
      cluster_id text PRIMARY KEY,
      virtual_account_id text,
      smart_account_id text,
      virtual_account text,
      status text,
      trigger text,
      last_job_id uuid,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX cluster_registration_va ON cluster_registration (virtual_account_id)');
    await q.query(`CREATE TABLE job (
      id uuid PRIMARY KEY,
      job_type text NOT NULL,
      entity_type text NOT NULL DEFAULT 'Cluster',
      entity_id text NOT NULL,
      entity_name text NOT NULL,
      trigger text NOT NULL DEFAULT 'manual',
      params jsonb NOT NULL,
      status text NOT NULL,
      step text NOT NULL,
      attempt integer NOT NULL DEFAULT 0,
      context jsonb NOT NULL DEFAULT '{}',
      next_run_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz,
      locked_by text,
      description text NOT NULL,
      status_info text,
      error_code text,
      recommended_action text,
      correlation_id text,
      initiated_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX job_due ON job (next_run_at) WHERE status IN ('Queued', 'In Progress')`);
    await q.query('CREATE INDEX job_entity ON job (entity_id, initiated_at DESC)');
    await q.query('CREATE INDEX job_initiated ON job (initiated_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE job');
    await q.query('DROP TABLE cluster_registration');
    await q.query('DROP TABLE virtual_account');
    await q.query('DROP TABLE smart_account');
  }
}
