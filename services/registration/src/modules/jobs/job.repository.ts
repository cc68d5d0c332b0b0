import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Job, ClusterJobListRequest, SmartlicError } from '#libs/contracts';
import { traceContextRecord } from '#libs/messaging';
import { batchDeleteSql, EXPIRED_BEFORE, prepared, queryPrepared, runBatchDelete, selectAs, type RetentionRule } from '#libs/persistence';
import { Job as JobRecord } from '../../database/job.entity.js';
import type { ClusterJob, ClusterJobContext, JobStep } from './cluster-job.js';
import { selectClusterRegistrationSql, toRegistration, type ClusterRegistration, type ClusterRegistrationRow } from './cluster-registration.repository.js';


const toJob = (r: JobRow): ClusterJob => ({
  id: r.id,
  jobType: r.jobType,
  entityType: r.entityType,
  entityId: r.entityId,
  entityName: r.entityName,
  trigger: r.trigger,
  params: r.params,
  status: r.status,
  step: r.step,
  attempt: r.attempt,
  context: r.context,
  description: r.description,
  statusInfo: r.statusInfo,
  errorCode: r.errorCode,
  recommendedAction: r.recommendedAction,
  correlationId: r.correlationId,
  initiatedAt: r.initiatedAt,
  completedAt: r.completedAt,
  traceContext: r.traceContext,
});

/** The job as operators see it (HCM-F's job fields). */
export const jobView = (j: ClusterJob): Job => ({
  id: j.id,
  service: 'registration',
  jobType: j.jobType,
  entityType: j.entityType,
  entityId: j.entityId,
  entityName: j.entityName,
  status: j.status,
  description: j.description,
  statusInfo: j.statusInfo,
  errorCode: j.errorCode,
  recommendedAction: j.recommendedAction,
  initiatedAt: j.initiatedAt.toISOString(),
  completedAt: j.completedAt ? j.completedAt.toISOString() : null,
  correlationId: j.correlationId,
});

// The statements every cluster job runs (claim, checkpoint before register, finish): prepared once per connection.
// They name their columns: a prepared statement returning `*` fails once a migration of a newer replica adds one.
const JOB_FIELDS = [
  'id', 'jobType', 'entityType', 'entityId', 'entityName', 'trigger', 'params', 'status', 'step', 'attempt', 'context', 'description',
  'statusInfo', 'errorCode', 'recommendedAction', 'correlationId', 'initiatedAt', 'completedAt', 'traceContext',
] as const;
type JobRow = Pick<JobRecord, (typeof JOB_FIELDS)[number]>;
const JOB_COLUMNS = selectAs(JobRecord, JOB_FIELDS);
const CLAIM_DUE = prepared(
  'registration.job.claim-due',
  `WITH due AS (
     SELECT id, status AS prev_status FROM job
     WHERE status IN ('Queued', 'In Progress') AND next_run_at <= now() AND (locked_until IS NULL OR locked_until < now())
     ORDER BY next_run_at, initiated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
   UPDATE job j SET status = 'In Progress', locked_by = $1, locked_until = now() + make_interval(secs => $3::double precision / 1000), updated_at = now()
   FROM due WHERE j.id = due.id
   RETURNING ${selectAs(JobRecord, JOB_FIELDS, 'j')}, due.prev_status AS "prevStatus"`,
);
const CHECKPOINT = prepared(
  'registration.job.checkpoint',
  `UPDATE job SET step = $3, context = $4, attempt = CASE WHEN step = $3 THEN attempt ELSE 0 END,
     locked_until = now() + make_interval(secs => $5::double precision / 1000), updated_at = now()
   WHERE id = $1 AND locked_by = $2 AND status = 'In Progress' RETURNING id`,
);
// Finishes the job and reads (locking) its cluster's registration in one round trip; the registration comes as one
// JSON column (null when the cluster was deleted): job and registration both have a status.
const FINISH = prepared(
  'registration.job.finish',
  `WITH finished AS (
     UPDATE job SET status = $3, step = 'done', completed_at = now(), locked_until = NULL, locked_by = NULL, updated_at = now(),
       status_info = $4, error_code = $5, recommended_action = $6
     WHERE id = $1 AND locked_by = $2 AND status = 'In Progress' RETURNING ${JOB_COLUMNS}),
   registration AS (${selectClusterRegistrationSql(7)} FOR UPDATE OF c)
   SELECT finished.*, to_jsonb(registration) AS registration FROM finished LEFT JOIN registration ON true`,
);

/** "SLMCT1006: Cluster is of unsupported Version" — the Status Information column. */
export const statusInfoOf = (error: SmartlicError): string => `${error.code}: ${error.message}`;

export type NewJob = Omit<ClusterJob, 'attempt' | 'context' | 'completedAt' | 'initiatedAt'> & { completedAt?: Date | null };

@Injectable()
export class JobRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, jobs: NewJob[]): Promise<ClusterJob[]> {
    if (!jobs.length) return [];
    const rows: JobRow[] = await m.query(
      `INSERT INTO job (id, job_type, entity_type, entity_id, entity_name, trigger, params, status, step, description, status_info, error_code, recommended_action, correlation_id, completed_at, trace_context)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::timestamptz[], $16::jsonb[])
       RETURNING ${JOB_COLUMNS}`,
      [
        jobs.map((j) => j.id),
        jobs.map((j) => j.jobType),
        jobs.map((j) => j.entityType),
        jobs.map((j) => j.entityId),
        jobs.map((j) => j.entityName),
        jobs.map((j) => j.trigger),
        jobs.map((j) => JSON.stringify(j.params)),
        jobs.map((j) => j.status),
        jobs.map((j) => j.step),
        jobs.map((j) => j.description),
        jobs.map((j) => j.statusInfo),
        jobs.map((j) => j.errorCode),
        jobs.map((j) => j.recommendedAction),
        jobs.map((j) => j.correlationId),
        jobs.map((j) => j.completedAt ?? null),
        // The creating action's trace, unless the caller names the event each job comes from.
        jobs.map((j) => JSON.stringify(j.traceContext ?? traceContextRecord())),
      ],
    );
    return rows.map(toJob);
  }

  /** Claims due jobs for `owner` (queued, retry due, or abandoned by a crashed replica whose lease expired). */
  async claimDue(m: EntityManager, owner: string, limit: number, leaseMs: number): Promise<{ job: ClusterJob; wasQueued: boolean }[]> {
    const rows = await queryPrepared<JobRow & { prevStatus: JobRecord['status'] }>(m, CLAIM_DUE, [owner, limit, leaseMs]);
    return rows.map((r) => ({ job: toJob(r), wasQueued: r.prevStatus === 'Queued' }));
  }

  /** Persists the step reached; false when the lease was lost (another replica took the job over). */
  async checkpoint(jobId: string, owner: string, step: JobStep, context: ClusterJobContext, leaseMs: number): Promise<boolean> {
    const rows = await queryPrepared(this.dataSource, CHECKPOINT, [jobId, owner, step, JSON.stringify(context), leaseMs]);
    return rows.length === 1;
  }

  /** A service did not answer: try the step again after `delayMs`, showing why in Status Information. */
  async retryLater(jobId: string, owner: string, step: JobStep, context: ClusterJobContext, attempt: number, delayMs: number, error: SmartlicError): Promise<void> {
    await this.dataSource.query(
      `UPDATE job SET step = $3, context = $4, attempt = $5, next_run_at = now() + make_interval(secs => $6::double precision / 1000), locked_until = NULL, locked_by = NULL,
         status_info = $7, updated_at = now()
       WHERE id = $1 AND locked_by = $2`,
      [jobId, owner, step, JSON.stringify(context), attempt, delayMs, `Retrying (attempt ${attempt + 1}): ${statusInfoOf(error)}`],
    );
  }

  /**
   * Finishes a job this owner holds, and reads its cluster's registration locked for the rest of the transaction
   * (undefined registration: the cluster was deleted). Undefined when the job is not this owner's any more.
   */
  async finish(
    m: EntityManager,
    jobId: string,
    owner: string,
    status: 'Succeeded' | 'Failed',
    error: SmartlicError | null,
    clusterId: string,
  ): Promise<{ job: ClusterJob; registration: ClusterRegistration | undefined } | undefined> {
    const rows = await queryPrepared<JobRow & { registration: ClusterRegistrationRow | null }>(m, FINISH, [
      jobId, owner, status, error ? statusInfoOf(error) : 'Completed successfully', error?.code ?? null, error?.recommendedAction ?? null, clusterId,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return { job: toJob(row), registration: row.registration ? toRegistration(row.registration) : undefined };
  }

  async heartbeat(owner: string, ids: string[], leaseMs: number): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(
      `UPDATE job SET locked_until = now() + make_interval(secs => $3::double precision / 1000) WHERE locked_by = $1 AND id = ANY($2::uuid[]) AND status = 'In Progress'`,
      [owner, ids, leaseMs],
    );
  }

  /** Jobs of a cluster still running (queued or in progress). */
  async activeFor(m: EntityManager, clusterIds: string[]): Promise<Set<string>> {
    const rows: Pick<JobRecord, 'entityId'>[] = await m.query(
      `SELECT DISTINCT ${selectAs(JobRecord, ['entityId'])} FROM job WHERE entity_id = ANY($1::text[]) AND status IN ('Queued', 'In Progress')`,
      [clusterIds],
    );
    return new Set(rows.map((r) => r.entityId));
  }

  async get(id: string): Promise<ClusterJob | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows: JobRow[] = await this.dataSource.query(`SELECT ${JOB_COLUMNS} FROM job WHERE id = $1`, [id]);
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  async list(f: ClusterJobListRequest): Promise<{ total: number; items: ClusterJob[] }> {
    const rows: (JobRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${JOB_COLUMNS}, count(*) OVER () AS total FROM job
       WHERE ($1::text IS NULL OR job_type = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR entity_id = $3)
         AND ($4::text IS NULL OR entity_name ILIKE '%' || $4 || '%') AND ($5::text IS NULL OR error_code = $5)
         AND ($6::text IS NULL OR correlation_id = $6) AND ($7::timestamptz IS NULL OR initiated_at >= $7)
       ORDER BY initiated_at DESC, id LIMIT $8 OFFSET $9`,
      [f.jobType ?? null, f.status ?? null, f.entityId ?? null, f.entityName ?? null, f.errorCode ?? null, f.correlationId ?? null, f.since ?? null, f.limit, f.offset],
    );
    return { total: rows.length ? Number(rows[0].total) : 0, items: rows.map(toJob) };
  }
}

// A cluster's latest job stays whatever its age: the Cluster Summary's status and its details come from it.
const PRUNE_JOBS = batchDeleteSql(
  'job',
  `t.completed_at IS NOT NULL AND t.completed_at < ${EXPIRED_BEFORE} AND NOT EXISTS (SELECT 1 FROM cluster_registration r WHERE r.last_job_id = t.id)`,
);

/** Finished cluster jobs older than JOB_HISTORY_RETENTION, but for each cluster's latest. */
export const jobHistoryRetention = (windowMs: number): RetentionRule => ({
  name: 'job history',
  windowMs,
  prune: (dataSource, window, limit) => runBatchDelete(dataSource, PRUNE_JOBS, window, limit),
});
