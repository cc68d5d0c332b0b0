import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sequence per virtual account for its assignment counts: taking the next number locks the VA's row until the
 * transaction ends, so concurrent jobs count one after another, and sync and license-mode keep the highest number.
 */
export class VaAssignmentVersion1764303000000 implements MigrationInterface {
  name = 'VaAssignmentVersion1764303000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE va_assignment_version (
      virtual_account_id text PRIMARY KEY,
      version bigint NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE va_assignment_version');
  }
}
