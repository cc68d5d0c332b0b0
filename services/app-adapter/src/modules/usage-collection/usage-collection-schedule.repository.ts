import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApplicationType, LicenseUsageCollection } from '#libs/contracts';
import { queryReturning, selectAs } from '#libs/persistence';
import { UsageCollectionSchedule } from '../../database/usage-collection-schedule.entity.js';

/** `now()` plus a number of milliseconds given as a query parameter. */
const after = (param: string) => `now() + ${param}::float8 * interval '1 millisecond'`;

/** The next scheduled usage collection of each application type, shared by the replicas that serve it. */
@Injectable()
export class UsageCollectionScheduleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * At start: a type never collected gets its first run `firstRunDelayMs` from now; a known one keeps its next run,
   * brought within one interval (a shortened interval applies at once) and no sooner than the first-run delay (an
   * overdue run waits until the service has settled). Returns the earliest next run.
   */
  async start(types: readonly ApplicationType[], intervalMs: number, firstRunDelayMs: number): Promise<Date> {
    const rows: Pick<UsageCollectionSchedule, 'nextRunAt'>[] = await this.dataSource.query(
      `INSERT INTO usage_collection_schedule AS s (application_type, next_run_at)
       SELECT t, ${after('$3')} FROM unnest($1::text[]) AS t
       ON CONFLICT (application_type) DO UPDATE
         SET next_run_at = GREATEST(LEAST(s.next_run_at, ${after('$2')}), ${after('$3')})
       RETURNING ${selectAs(UsageCollectionSchedule, ['nextRunAt'])}`,
      [types, intervalMs, firstRunDelayMs],
    );
    return new Date(Math.min(...rows.map((r) => r.nextRunAt.getTime())));
  }

  /**
   * The due types, their next run moved one interval on in the same statement: of two replicas, the second finds the
   * row no longer due once the first commits (the row lock makes it re-read), so each run happens once.
   */
  async claimDue(types: readonly ApplicationType[], intervalMs: number): Promise<ApplicationType[]> {
    const rows = await queryReturning<Pick<UsageCollectionSchedule, 'applicationType'>>(
      this.dataSource,
      `UPDATE usage_collection_schedule SET next_run_at = ${after('$2')}, last_started_at = now()
       WHERE application_type = ANY($1::text[]) AND next_run_at <= now()
       RETURNING ${selectAs(UsageCollectionSchedule, ['applicationType'])}`,
      [types, intervalMs],
    );
    return rows.map((r) => r.applicationType);
  }

  async finished(result: LicenseUsageCollection): Promise<void> {
    const { failures: _f, ...counts } = result;
    await this.dataSource.query('UPDATE usage_collection_schedule SET last_finished_at = now(), last_result = $2 WHERE application_type = $1', [
      result.applicationType,
      JSON.stringify(counts),
    ]);
  }

  async nextRun(types: readonly ApplicationType[]): Promise<Date | null> {
    // min() over no row is null.
    const rows: { next: UsageCollectionSchedule['nextRunAt'] | null }[] = await this.dataSource.query('SELECT min(next_run_at) AS next FROM usage_collection_schedule WHERE application_type = ANY($1::text[])', [types]);
    return rows[0]?.next ?? null;
  }
}
