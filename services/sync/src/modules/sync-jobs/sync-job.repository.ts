import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Job, SmartlicError, SyncCounts, SyncJobView } from '#libs/contracts';
import { batchDeleteSql, EXPIRED_BEFORE, queryReturning, runBatchDelete, selectAs, type RetentionRule } from '#libs/persistence';
import { SyncJob } from '../../database/sync-job.entity.js';

export type SyncTrigger = SyncJobView['trigger'];

const COLUMNS = selectAs(SyncJob);

export const SYNC_JOB_TYPE = 'Smart Account Sync';
export const SYNC_JOB_ENTITY_TYPE = 'Smart Account';

const toView = (r: SyncJob): SyncJobView => ({
  id: r.id,
  smartAccountId: r.smartAccountId,
  jobType: SYNC_JOB_TYPE,
  entityType: SYNC_JOB_ENTITY_TYPE,
  entityName: r.entityName,
  trigger: r.trigger,
  status: r.status,
  description: r.description,
  statusInfo: r.errorCode ? `${r.errorCode}: ${r.errorMessage ?? ''}` : null,
  errorCode: r.errorCode,
  recommendedAction: r.recommendedAction,
  errorDetails: r.errorDetails,
  counts: r.counts,
  durationMs: r.durationMs,
  initiatedAt: r.initiatedAt.toISOString(),
  completedAt: r.completedAt?.toISOString() ?? null,
});

/** The HCM-F job record of a sync job (`JobEvents.updated` payload). */
export const jobOf = (v: SyncJobView, correlationId: string | null): Job => ({
  id: v.id,
  service: 'sync',
  jobType: v.jobType,
  entityType: v.entityType,
  entityId: v.smartAccountId,
  entityName: v.entityName,
  status: v.status,
  description: v.description,
  statusInfo: v.statusInfo,
  errorCode: v.errorCode,
  recommendedAction: v.recommendedAction,
  initiatedAt: v.initiatedAt,
  completedAt: v.completedAt,
  correlationId,
});

@Injectable()
export class SyncJobRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the account's running job; undefined when one is already running (one job per account at a time). */
  async insertRunning(m: EntityManager, job: { id: string; smartAccountId: string; entityName: string; trigger: SyncTrigger; correlationId: string }): Promise<SyncJobView | undefined> {
    const rows: SyncJob[] = await m.query(
      `INSERT INTO sync_job (id, smart_account_id, entity_name, trigger, status, description, correlation_id)
       VALUES ($1, $2, $3, $4, 'In Progress', $5, $6)
       ON CONFLICT (smart_account_id) WHERE status IN ('Queued', 'In Progress') DO NOTHING
       RETURNING ${COLUMNS}`,
      [job.id, job.smartAccountId, job.entityName, job.trigger, `Smart Account Sync of ${job.entityName} (${job.trigger})`, job.correlationId],
    );
    return rows[0] ? toView(rows[0]) : undefined;
  }

  async running(m: EntityManager, smartAccountId: string): Promise<string | undefined> {
    const rows: Pick<SyncJob, 'id'>[] = await m.query(`SELECT id FROM sync_job WHERE smart_account_id = $1 AND status IN ('Queued', 'In Progress')`, [smartAccountId]);
    return rows[0]?.id;
  }

  async finish(m: EntityManager, id: string, outcome: { counts?: SyncCounts; durationMs: number; error?: SmartlicError }): Promise<{ view: SyncJobView; correlationId: string | null } | undefined> {
    const e = outcome.error;
    const rows = await queryReturning<SyncJob>(
      m,
      `UPDATE sync_job SET status = $2, counts = $3, duration_ms = $4, error_code = $5, error_message = $6, recommended_action = $7, error_details = $8, completed_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, e ? 'Failed' : 'Succeeded', outcome.counts ? JSON.stringify(outcome.counts) : null, Math.round(outcome.durationMs), e?.code ?? null, e?.message ?? null, e?.recommendedAction ?? null, e?.details ? JSON.stringify(e.details) : null],
    );
    return rows[0] ? { view: toView(rows[0]), correlationId: rows[0].correlationId } : undefined;
  }

  /** Jobs a stopped process left running: failed, so the account can sync again. */
  async failInterrupted(m: EntityManager, error: SmartlicError): Promise<{ view: SyncJobView; correlationId: string | null }[]> {
    const rows = await queryReturning<SyncJob>(
      m,
      `UPDATE sync_job SET status = 'Failed', error_code = $1, error_message = $2, recommended_action = $3, error_details = $4, completed_at = now()
       WHERE status IN ('Queued', 'In Progress') RETURNING ${COLUMNS}`,
      [error.code, error.message, error.recommendedAction ?? null, JSON.stringify(error.details ?? {})],
    );
    return rows.map((r) => ({ view: toView(r), correlationId: r.correlationId }));
  }

  async get(id: string): Promise<SyncJobView | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows: SyncJob[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM sync_job WHERE id = $1`, [id]);
    return rows[0] ? toView(rows[0]) : undefined;
  }

  async list(smartAccountId: string, limit: number, offset: number): Promise<{ total: number; items: SyncJobView[] }> {
    const [rows, total] = await Promise.all([
      this.dataSource.query(`SELECT ${COLUMNS} FROM sync_job WHERE smart_account_id = $1 ORDER BY initiated_at DESC, id LIMIT $2 OFFSET $3`, [smartAccountId, limit, offset]) as Promise<SyncJob[]>,
      this.dataSource.query('SELECT count(*)::int AS n FROM sync_job WHERE smart_account_id = $1', [smartAccountId]) as Promise<{ n: number }[]>,
    ]);
    return { total: total[0]!.n, items: rows.map(toView) };
  }
}

// A smart account's latest sync job stays whatever its age: its page shows the last sync.
const PRUNE_SYNC_JOBS = batchDeleteSql(
  'sync_job',
  `t.completed_at IS NOT NULL AND t.completed_at < ${EXPIRED_BEFORE} AND EXISTS (SELECT 1 FROM sync_job n WHERE n.smart_account_id = t.smart_account_id AND n.initiated_at > t.initiated_at)`,
);

/** Finished sync jobs older than JOB_HISTORY_RETENTION, but for each smart account's latest. */
export const syncJobHistoryRetention = (windowMs: number): RetentionRule => ({
  name: 'job history',
  windowMs,
  prune: (dataSource, window, limit) => runBatchDelete(dataSource, PRUNE_SYNC_JOBS, window, limit),
});
