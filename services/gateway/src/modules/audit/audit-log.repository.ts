import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { batchDeleteSql, EXPIRED_BEFORE, runBatchDelete, type RetentionRule } from '#libs/persistence';
import { PINO_LOGGER } from '#libs/service-kit';

export interface AuditRecord {
  actor: string;
  roles: string[];
  method: string;
  path: string;
  status: number;
  traceId: string | null;
  detail: Record<string, unknown>;
}

@Injectable()
export class AuditLogRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    try {
      await this.dataSource.query('INSERT INTO audit_log (actor, roles, method, path, status, trace_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        entry.actor, entry.roles, entry.method, entry.path, entry.status, entry.traceId, JSON.stringify(entry.detail),
      ]);
    } catch (error) {
      this.logger.error({ err: (error as Error).message, audit: { ...entry } }, 'audit log write failed');
    }
  }

  async latest(limit = 100): Promise<unknown[]> {
    return this.dataSource.query('SELECT id, at, actor, roles, method, path, status, trace_id AS "traceId" FROM audit_log ORDER BY at DESC LIMIT $1', [limit]);
  }
}

const PRUNE_AUDIT_LOG = batchDeleteSql('audit_log', 'id', `t.at < ${EXPIRED_BEFORE}`);

/** Audit log entries older than AUDIT_LOG_RETENTION. */
export const auditLogRetention = (windowMs: number): RetentionRule => ({
  name: 'audit log',
  windowMs,
  prune: (dataSource, window, limit) => runBatchDelete(dataSource, PRUNE_AUDIT_LOG, window, limit),
});
