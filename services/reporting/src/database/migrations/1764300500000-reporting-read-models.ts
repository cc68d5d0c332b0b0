import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models fed only by events (sync, registration, app-adapter, jobs of every service), the Subscription Mapper's
 * own mappings (kept apart from synced data so that they survive every sync), report runs with their content in
 * chunks, and the SFTP delivery settings.
 */
export class ReportingReadModels1764300500000 implements MigrationInterface {
  name = 'ReportingReadModels1764300500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE smart_account (
      id text PRIMARY KEY,
      name text NOT NULL,
      domain text NOT NULL,
      type text NOT NULL,
      local_account text,
      ordered_virtual_account text,
      operational_virtual_account text,
      source_occurred_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE virtual_account (
      smart_account_id text NOT NULL,
      name text NOT NULL,
      id text,
      smart_account_name text,
      smart_account_domain text,
      smart_account_type text,
      source_occurred_at timestamptz NOT NULL,
      PRIMARY KEY (smart_account_id, name)
    )`);
    await q.query(`CREATE TABLE va_license (
      smart_account_id text NOT NULL,
      virtual_account text NOT NULL,
      license text NOT NULL,
      quantity integer NOT NULL,
      in_use integer NOT NULL,
      available integer NOT NULL,
      status text NOT NULL,
      details jsonb NOT NULL DEFAULT '[]',
      source_occurred_at timestamptz NOT NULL,
      PRIMARY KEY (smart_account_id, virtual_account, license)
    )`);
    await q.query(`CREATE TABLE subscription_line (
      subscription_id text NOT NULL,
      smart_account_id text NOT NULL,
      virtual_account text NOT NULL,
      license text NOT NULL,
      quantity integer NOT NULL,
      license_type text NOT NULL,
      billing_type text,
      start_date date,
      end_date date,
      status text,
      source_occurred_at timestamptz NOT NULL,
      PRIMARY KEY (subscription_id, smart_account_id, virtual_account, license)
    )`);
    await q.query(`CREATE TABLE subscription_mapping (
      subscription_id text PRIMARY KEY,
      customer_id text NOT NULL,
      license_model text NOT NULL,
      mapped_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX subscription_mapping_customer ON subscription_mapping (customer_id)');
    await q.query(`CREATE TABLE customer (
      id text PRIMARY KEY,
      name text NOT NULL,
      source_occurred_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE cluster (
      id text PRIMARY KEY,
      customer_id text NOT NULL,
      name text NOT NULL,
      type text NOT NULL,
      version text NOT NULL,
      publisher text,
      smart_account_id text,
      virtual_account text,
      status text,
      source_occurred_at timestamptz NOT NULL,
      status_occurred_at timestamptz
    )`);
    await q.query('CREATE INDEX cluster_customer ON cluster (customer_id)');
    await q.query('CREATE INDEX cluster_va ON cluster (smart_account_id, virtual_account)');
    // Usage is kept as reported, whether or not its cluster or license is known: unmatched usage is shown, never dropped.
    await q.query(`CREATE TABLE license_usage (
      cluster_id text NOT NULL,
      license text NOT NULL,
      count integer NOT NULL,
      application_type text NOT NULL,
      license_mode text,
      collected_at timestamptz NOT NULL,
      PRIMARY KEY (cluster_id, license)
    )`);
    await q.query(`CREATE TABLE license_usage_report (
      cluster_id text PRIMARY KEY,
      collected_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE job (
      id text PRIMARY KEY,
      service text NOT NULL,
      job jsonb NOT NULL,
      status text NOT NULL,
      entity_type text NOT NULL,
      initiated_at timestamptz NOT NULL,
      source_occurred_at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX job_initiated ON job (initiated_at DESC, id)');
    await q.query(`CREATE TABLE report_run (
      id uuid PRIMARY KEY,
      type text NOT NULL,
      status text NOT NULL,
      file_name text NOT NULL,
      content_type text NOT NULL,
      bytes bigint,
      chunks integer,
      requested_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      error_code text,
      status_info text
    )`);
    await q.query(`CREATE TABLE report_chunk (
      report_id uuid NOT NULL REFERENCES report_run (id) ON DELETE CASCADE,
      seq integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (report_id, seq)
    )`);
    await q.query(`CREATE TABLE report_delivery (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      settings jsonb NOT NULL,
      primary_secret text NOT NULL,
      backup_secret text,
      next_run_at timestamptz,
      last_run_at timestamptz,
      last_result text
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['report_delivery', 'report_chunk', 'report_run', 'job', 'license_usage_report', 'license_usage', 'cluster', 'customer', 'subscription_mapping', 'subscription_line', 'va_license', 'virtual_account', 'smart_account']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
