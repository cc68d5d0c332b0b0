import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Due jobs indexed in the order the worker claims them (next_run_at, then initiated_at). With next_run_at alone, a batch
 * of jobs created together (one next_run_at) had to be sorted whole at every claim: 0.53 ms against 0.12 ms for a
 * claim of 200 out of 2,000 queued (EXPLAIN ANALYZE). The partial index stays as small as the jobs still to run.
 */
export class JobClaimOrder1764301100000 implements MigrationInterface {
  name = 'JobClaimOrder1764301100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX job_due_order ON job (next_run_at, initiated_at) WHERE status IN ('Queued', 'In Progress')`);
    await q.query('DROP INDEX job_due');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX job_due ON job (next_run_at) WHERE status IN ('Queued', 'In Progress')`);
    await q.query('DROP INDEX job_due_order');
  }
}
