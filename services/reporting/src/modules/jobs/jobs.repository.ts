import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Job } from '#libs/contracts';
import { batchDeleteSql, EXPIRED_BEFORE, runBatchDelete, type RetentionRule } from '#libs/persistence';

export interface JobQuery {
  service?: string;
  status?: string;
  entityType?: string;
  limit: number;
  offset: number;
}

/** The unified jobs view: every service's jobs as their JobEvents.updated last described them. */
@Injectable()
export class JobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: JobQuery): Promise<{ total: number; items: Job[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [['service', q.service], ['status', q.status], ['entity_type', q.entityType]] as const) {
      if (value === undefined) continue;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, count]: [{ job: Job }[], { total: number }[]] = await Promise.all([
      this.dataSource.query(`SELECT job FROM job ${filter} ORDER BY initiated_at DESC, id LIMIT ${q.limit} OFFSET ${q.offset}`, params),
      this.dataSource.query(`SELECT count(*)::int AS total FROM job ${filter}`, params),
    ]);
    return { total: count[0]!.total, items: rows.map((r) => r.job) };
  }
}

const PRUNE_JOBS = batchDeleteSql('job', `t.status IN ('Succeeded', 'Failed', 'Cancelled') AND t.initiated_at < ${EXPIRED_BEFORE}`);

/** Finished jobs of the unified jobs view initiated longer ago than JOB_HISTORY_RETENTION. */
export const jobsViewRetention = (windowMs: number): RetentionRule => ({
  name: 'job history',
  windowMs,
  prune: (dataSource, window, limit) => runBatchDelete(dataSource, PRUNE_JOBS, window, limit),
});
