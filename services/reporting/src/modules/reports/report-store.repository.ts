import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ReportRun, ReportType } from '#libs/contracts';
import { queryReturning, selectAs } from '#libs/persistence';
import type { ReportChunk } from '../../database/report-chunk.entity.js';
import { ReportRun as ReportRunRecord } from '../../database/report-run.entity.js';

const COLUMNS = selectAs(ReportRunRecord);

const toRun = (r: ReportRunRecord): ReportRun => ({
  id: r.id,
  type: r.type,
  status: r.status,
  fileName: r.fileName,
  contentType: r.contentType,
  bytes: r.bytes === null ? null : Number(r.bytes),
  chunks: r.chunks,
  requestedAt: r.requestedAt.toISOString(),
  completedAt: r.completedAt?.toISOString() ?? null,
  errorCode: r.errorCode,
  statusInfo: r.statusInfo,
});

/** Report runs and their content, stored in chunks so that generation, download and delivery all stream. */
@Injectable()
export class ReportStoreRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(m: EntityManager, run: { id: string; type: ReportType; fileName: string; contentType: string }): Promise<ReportRun> {
    const rows: ReportRunRecord[] = await m.query(
      `INSERT INTO report_run (id, type, status, file_name, content_type) VALUES ($1, $2, 'Queued', $3, $4) RETURNING ${COLUMNS}`,
      [run.id, run.type, run.fileName, run.contentType],
    );
    return toRun(rows[0]!);
  }

  async update(m: EntityManager, id: string, change: { status: ReportRun['status']; bytes?: number; chunks?: number; errorCode?: string | null; statusInfo?: string | null }): Promise<ReportRun> {
    const done = change.status === 'Succeeded' || change.status === 'Failed';
    const rows = await queryReturning<ReportRunRecord>(
      m,
      `UPDATE report_run SET status = $2, bytes = coalesce($3, bytes), chunks = coalesce($4, chunks), error_code = $5, status_info = $6,
         completed_at = CASE WHEN $7 THEN now() ELSE NULL END WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, change.status, change.bytes ?? null, change.chunks ?? null, change.errorCode ?? null, change.statusInfo ?? null, done],
    );
    return toRun(rows[0]!);
  }

  async get(id: string): Promise<ReportRun | undefined> {
    const rows: ReportRunRecord[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM report_run WHERE id = $1`, [id]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async list(limit: number, offset: number): Promise<{ total: number; items: ReportRun[] }> {
    const [rows, count]: [ReportRunRecord[], { total: number }[]] = await Promise.all([
      this.dataSource.query(`SELECT ${COLUMNS} FROM report_run ORDER BY requested_at DESC, id LIMIT $1 OFFSET $2`, [limit, offset]),
      this.dataSource.query('SELECT count(*)::int AS total FROM report_run'),
    ]);
    return { total: count[0]!.total, items: rows.map(toRun) };
  }

  /** Runs a crash left unfinished. */
  async unfinished(): Promise<ReportRun[]> {
    const rows: ReportRunRecord[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM report_run WHERE status IN ('Queued', 'In Progress') ORDER BY requested_at`);
    return rows.map(toRun);
  }

  async clearChunks(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM report_chunk WHERE report_id = $1', [id]);
  }

  async appendChunk(id: string, seq: number, data: Buffer): Promise<void> {
    await this.dataSource.query('INSERT INTO report_chunk (report_id, seq, data) VALUES ($1, $2, $3)', [id, seq, data]);
  }

  async chunk(id: string, seq: number): Promise<Buffer | undefined> {
    const rows: Pick<ReportChunk, 'data'>[] = await this.dataSource.query('SELECT data FROM report_chunk WHERE report_id = $1 AND seq = $2', [id, seq]);
    return rows[0]?.data;
  }
}
