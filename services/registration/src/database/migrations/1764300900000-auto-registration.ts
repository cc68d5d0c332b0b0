import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Auto-registration (guide: "Auto-registration of Clusters Using Direct or Proxy Mode"): the smart accounts' operational
 * license settings as sync announces them, when auto-registration was (re-)enabled (a cluster unassigned or reassigned
 * by hand since then is left alone), and what a provisioning update must change to retry a failed cluster.
 */
export class AutoRegistration1764300900000 implements MigrationInterface {
  name = 'AutoRegistration1764300900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE smart_account ADD COLUMN operational_licenses jsonb');
    await q.query('ALTER TABLE smart_account ADD COLUMN auto_registration_since timestamptz');
    await q.query('ALTER TABLE smart_account ADD COLUMN settings_fingerprint text');
    // sync's smart-account events may be handled concurrently: an older settings event must not undo a newer one.
    await q.query('ALTER TABLE smart_account ADD COLUMN settings_occurred_at timestamptz');
    // A keyed digest of the credentials (never the credentials): tells a changed password from an unchanged one.
    await q.query('ALTER TABLE cluster ADD COLUMN credentials_fingerprint text');
    await q.query('ALTER TABLE customer ADD COLUMN proxy_fingerprint text');
    await q.query(`CREATE TABLE fingerprint_key (id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1), key text NOT NULL)`);
    await q.query(`INSERT INTO fingerprint_key (key) VALUES (md5(random()::text || clock_timestamp()::text) || md5(random()::text || clock_timestamp()::text))`);
    await q.query(`CREATE INDEX cluster_registration_auto ON cluster_registration (status) WHERE trigger = 'auto'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX cluster_registration_auto');
    await q.query('DROP TABLE fingerprint_key');
    await q.query('ALTER TABLE customer DROP COLUMN proxy_fingerprint');
    await q.query('ALTER TABLE cluster DROP COLUMN credentials_fingerprint');
    await q.query('ALTER TABLE smart_account DROP COLUMN settings_occurred_at');
    await q.query('ALTER TABLE smart_account DROP COLUMN settings_fingerprint');
    await q.query('ALTER TABLE smart_account DROP COLUMN auto_registration_since');
    await q.query('ALTER TABLE smart_account DROP COLUMN operational_licenses');
  }
}
