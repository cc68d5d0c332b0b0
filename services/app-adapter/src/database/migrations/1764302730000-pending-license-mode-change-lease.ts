import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The replica working on a pending license mode change and until when its claim holds (renewed while it works): a
 * replica that finds an expired lease resumes the change (its owner crashed); a change released after a failure
 * (no owner) waits for the next request instead of being retried on its own.
 */
export class PendingLicenseModeChangeLease1764302730000 implements MigrationInterface {
  name = 'PendingLicenseModeChangeLease1764302730000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE pending_license_mode_change ADD COLUMN owner text, ADD COLUMN lease_until timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE pending_license_mode_change DROP COLUMN lease_until, DROP COLUMN owner');
  }
}
