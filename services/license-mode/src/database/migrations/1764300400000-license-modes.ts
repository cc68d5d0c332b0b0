import type { MigrationInterface, QueryRunner } from 'typeorm';

/** VA license modes (set on HCM-F only), assigned-cluster counts, and cluster license-mode changes. */
export class LicenseModes1764300400000 implements MigrationInterface {
  name = 'LicenseModes1764300400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE virtual_account (
      id text PRIMARY KEY,
      smart_account_id text NOT NULL,
      name text NOT NULL,
      removed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE UNIQUE INDEX virtual_account_name ON virtual_account (smart_account_id, name)');
    await q.query(`CREATE TABLE va_license_mode (
      smart_account_id text NOT NULL,
      virtual_account text NOT NULL,
      mode text CHECK (mode IN ('HCS', 'Enterprise')),
      assigned_clusters integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (smart_account_id, virtual_account)
    )`);
    await q.query(`CREATE TABLE cluster_license_mode (
      cluster_id text PRIMARY KEY,
      application_type text NOT NULL,
      mode text NOT NULL,
      previous_mode text,
      changed_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE cluster_license_mode');
    await q.query('DROP TABLE va_license_mode');
    await q.query('DROP TABLE virtual_account');
  }
}
