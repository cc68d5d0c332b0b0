import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The W3C trace context of the action that created a job, so its steps (run later, by any replica) join that trace. */
export class JobTraceContext1764301000000 implements MigrationInterface {
  name = 'JobTraceContext1764301000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE job ADD COLUMN trace_context jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE job DROP COLUMN trace_context');
  }
}
