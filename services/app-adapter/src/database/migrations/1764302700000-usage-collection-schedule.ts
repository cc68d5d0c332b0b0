import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheduled license usage collection, one row per application type: every replica serving the type reads the same
 * next run, and the one that claims it runs the collection (daily like HCM-F, not once per replica or restart).
 */
export class UsageCollectionSchedule1764302700000 implements MigrationInterface {
  name = 'UsageCollectionSchedule1764302700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE usage_collection_schedule (
      application_type text PRIMARY KEY,
      next_run_at timestamptz NOT NULL,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_result jsonb
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE usage_collection_schedule');
  }
}
