import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ClusterFilter, StatusRefresh } from '#libs/contracts';
import { queryReturning, selectAs } from '#libs/persistence';
import { StatusRefresh as StatusRefreshRecord } from '../../database/status-refresh.entity.js';

const FIELDS = ['id', 'trigger', 'clusterIds', 'skipped', 'refreshed', 'failed', 'failures', 'requestedAt', 'completedAt'] as const;
type RefreshRow = Pick<StatusRefreshRecord, (typeof FIELDS)[number]>;

const toRefresh = (r: RefreshRow): StatusRefresh => ({
  id: r.id,
  trigger: r.trigger,
  clusterIds: r.clusterIds,
  skipped: r.skipped,
  refreshed: r.refreshed,
  failed: r.failed,
  failures: r.failures,
  requestedAt: r.requestedAt.toISOString(),
  completedAt: r.completedAt ? r.completedAt.toISOString() : null,
});

const COLUMNS = selectAs(StatusRefreshRecord, FIELDS);

/** At most this many failures are listed on a refresh (the clusters' own rows keep theirs). */
const LISTED_FAILURES = 100;

/** Status refreshes (what was queued, progress) and the schedule the replicas share. */
@Injectable()
export class StatusRefreshRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(r: { id: string; trigger: StatusRefresh['trigger']; filter: ClusterFilter | { clusterId: string }; clusterIds: string[]; skipped: StatusRefresh['skipped'] }): Promise<StatusRefresh> {
    const rows: RefreshRow[] = await this.dataSource.query(
      `INSERT INTO status_refresh (id, trigger, filter, cluster_ids, skipped, completed_at)
       VALUES ($1, $2, $3, $4::text[], $5, CASE WHEN cardinality($4::text[]) = 0 THEN now() END) RETURNING ${COLUMNS}`,
      [r.id, r.trigger, JSON.stringify(r.filter), r.clusterIds, JSON.stringify(r.skipped)],
    );
    return toRefresh(rows[0]!);
  }

  async get(id: string): Promise<StatusRefresh | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows: RefreshRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM status_refresh WHERE id = $1`, [id]);
    return rows[0] ? toRefresh(rows[0]) : undefined;
  }

  /** One cluster of the refresh was read (or failed); the refresh completes with its last cluster. */
  async progress(id: string, failure: { clusterId: string; code: string; message: string } | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE status_refresh SET refreshed = refreshed + $2, failed = failed + $3,
         failures = CASE WHEN $4::jsonb IS NOT NULL AND jsonb_array_length(failures) < ${LISTED_FAILURES} THEN failures || jsonb_build_array($4::jsonb) ELSE failures END,
         completed_at = CASE WHEN refreshed + failed + 1 >= cardinality(cluster_ids) THEN now() ELSE completed_at END
       WHERE id = $1`,
      [id, failure ? 0 : 1, failure ? 1 : 0, failure ? JSON.stringify(failure) : null],
    );
  }

  /**
   * Claims the scheduled refresh when it is due (`intervalMs` plus the jitter drawn at the previous run since that run
   * started) and no replica holds it: one replica runs each scheduled refresh. The lease lasts `leaseMs` unless extended.
   */
  async claimSchedule(owner: string, intervalMs: number, nextJitterMs: number, leaseMs: number): Promise<boolean> {
    const rows = await queryReturning(
      this.dataSource,
      `UPDATE status_refresh_schedule SET last_run_at = now(), jitter_ms = $3, locked_by = $1, locked_until = now() + make_interval(secs => $4::double precision / 1000)
       WHERE id = 1 AND last_run_at + make_interval(secs => ($2::double precision + jitter_ms) / 1000) <= now()
         AND (locked_until IS NULL OR locked_until < now())
       RETURNING id`,
      [owner, intervalMs, nextJitterMs, leaseMs],
    );
    return rows.length === 1;
  }

  async extendSchedule(owner: string, leaseMs: number): Promise<void> {
    await this.dataSource.query(
      'UPDATE status_refresh_schedule SET locked_until = now() + make_interval(secs => $2::double precision / 1000) WHERE id = 1 AND locked_by = $1',
      [owner, leaseMs],
    );
  }

  async releaseSchedule(owner: string): Promise<void> {
    await this.dataSource.query('UPDATE status_refresh_schedule SET locked_by = NULL, locked_until = NULL WHERE id = 1 AND locked_by = $1', [owner]);
  }
}
