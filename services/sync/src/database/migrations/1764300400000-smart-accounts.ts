import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Smart accounts (encrypted client secret and proxy password), the global transport mode, the local copy of CSSM
 * (virtual accounts, license snapshots, subscriptions, registration tokens), sync jobs, and the VA assignment
 * counts projected from registration's events.
 */
export class SmartAccounts1764300400000 implements MigrationInterface {
  name = 'SmartAccounts1764300400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE smart_account (
      id uuid PRIMARY KEY,
      name text,
      cssm_name text,
      domain text NOT NULL,
      type text NOT NULL CHECK (type IN ('CSSM', 'Satellite')),
      transport_mode text NOT NULL CHECK (transport_mode IN ('Direct', 'Proxy', 'Satellite')),
      authentication_gateway text,
      cssm_server text,
      proxy jsonb,
      proxy_password text,
      satellite jsonb,
      client_id text NOT NULL,
      client_secret text NOT NULL,
      operational_licenses jsonb NOT NULL,
      sync_interval_seconds integer NOT NULL,
      next_sync_at timestamptz,
      cssm_status text,
      last_sync_at timestamptz,
      last_sync_status text NOT NULL DEFAULT 'Never Synced',
      last_sync_error jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE UNIQUE INDEX smart_account_type_domain ON smart_account (type, lower(domain))');
    await q.query('CREATE INDEX smart_account_next_sync ON smart_account (next_sync_at)');
    await q.query(`CREATE TABLE transport_mode (
      id smallint PRIMARY KEY CHECK (id = 1),
      transport_mode text NOT NULL,
      authentication_gateway text NOT NULL,
      cssm_server text NOT NULL,
      proxy jsonb,
      proxy_password text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE virtual_account (
      id uuid PRIMARY KEY,
      smart_account_id uuid NOT NULL REFERENCES smart_account (id) ON DELETE CASCADE,
      name text NOT NULL,
      description text NOT NULL,
      access_level text NOT NULL,
      is_default boolean NOT NULL,
      content_hash text NOT NULL,
      removed_at timestamptz,
      synced_at timestamptz NOT NULL,
      UNIQUE (smart_account_id, name)
    )`);
    await q.query(`CREATE TABLE license_snapshot (
      smart_account_id uuid NOT NULL REFERENCES smart_account (id) ON DELETE CASCADE,
      virtual_account text NOT NULL,
      licenses jsonb NOT NULL,
      content_hash text NOT NULL,
      synced_at timestamptz NOT NULL,
      PRIMARY KEY (smart_account_id, virtual_account)
    )`);
    await q.query(`CREATE TABLE subscription (
      smart_account_id uuid NOT NULL REFERENCES smart_account (id) ON DELETE CASCADE,
      virtual_account text NOT NULL,
      subscription_id text NOT NULL,
      license text NOT NULL,
      data jsonb NOT NULL,
      content_hash text NOT NULL,
      removed_at timestamptz,
      synced_at timestamptz NOT NULL,
      PRIMARY KEY (smart_account_id, virtual_account, subscription_id, license)
    )`);
    await q.query(`CREATE TABLE registration_token (
      id text PRIMARY KEY,
      smart_account_id uuid NOT NULL REFERENCES smart_account (id) ON DELETE CASCADE,
      virtual_account text NOT NULL,
      token text NOT NULL,
      export_controlled boolean NOT NULL,
      status text NOT NULL,
      expires_at timestamptz NOT NULL,
      created_by text NOT NULL,
      description text NOT NULL,
      synced_at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX registration_token_va ON registration_token (smart_account_id, virtual_account)');
    await q.query(`CREATE TABLE sync_job (
      id uuid PRIMARY KEY,
      smart_account_id uuid NOT NULL REFERENCES smart_account (id) ON DELETE CASCADE,
      entity_name text NOT NULL,
      trigger text NOT NULL,
      status text NOT NULL,
      description text NOT NULL,
      error_code text,
      error_message text,
      recommended_action text,
      error_details jsonb,
      counts jsonb,
      duration_ms integer,
      correlation_id text,
      initiated_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz
    )`);
    // One job per account at a time, across replicas.
    await q.query(`CREATE UNIQUE INDEX sync_job_one_running ON sync_job (smart_account_id) WHERE status IN ('Queued', 'In Progress')`);
    await q.query('CREATE INDEX sync_job_account ON sync_job (smart_account_id, initiated_at DESC)');
    await q.query(`CREATE TABLE va_assignment (
      smart_account_id text NOT NULL,
      virtual_account text NOT NULL,
      clusters integer NOT NULL,
      customers integer NOT NULL,
      source_occurred_at timestamptz NOT NULL,
      PRIMARY KEY (smart_account_id, virtual_account)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['va_assignment', 'sync_job', 'registration_token', 'subscription', 'license_snapshot', 'virtual_account', 'transport_mode', 'smart_account']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
