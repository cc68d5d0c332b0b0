import type { MigrationInterface, QueryRunner } from 'typeorm';

/** registration's sequence number of a VA's assignment counts: the highest applied wins, whatever the arrival order. */
export class VaAssignmentVersion1764303000000 implements MigrationInterface {
  name = 'VaAssignmentVersion1764303000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE va_license_mode ADD COLUMN assignments_version bigint');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE va_license_mode DROP COLUMN assignments_version');
  }
}
