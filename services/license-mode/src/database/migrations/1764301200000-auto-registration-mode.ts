import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which operational VA auto-registration targets (projection of sync's smart accounts), and how many of a VA's
 * clusters auto-registration put there: the operational VA's license mode is HCS, and auto-registered clusters run in
 * HCS mode whatever their VA says.
 */
export class AutoRegistrationMode1764301200000 implements MigrationInterface {
  name = 'AutoRegistrationMode1764301200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE smart_account_auto_registration (
      smart_account_id text PRIMARY KEY,
      operational_virtual_account text,
      auto_registration boolean NOT NULL,
      settings_occurred_at timestamptz NOT NULL,
      removed_at timestamptz
    )`);
    await q.query('ALTER TABLE va_license_mode ADD COLUMN auto_registered_clusters integer NOT NULL DEFAULT 0');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE va_license_mode DROP COLUMN auto_registered_clusters');
    await q.query('DROP TABLE smart_account_auto_registration');
  }
}
