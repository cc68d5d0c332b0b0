import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type Repository } from 'typeorm';
import { batchDeleteSql, EXPIRED_BEFORE, runBatchDelete, type RetentionRule } from '#libs/persistence';
import { PINO_LOGGER } from '#libs/service-kit';
import { AuditLogEntry } from './audit-log.entity.js';
import type { AuditLogQuery } from './audit-log.dto.js';

/** What the audit middleware records; the entry's id and time are the database's. */
export type AuditRecord = Pick<AuditLogEntry, 'actor' | 'roles' | 'method' | 'path' | 'status' | 'traceId'> & { detail: Record<string, unknown> };

/** An entry as `GET /audit-log` lists it (without `detail`). */
export type AuditLogView = Pick<AuditLogEntry, 'id' | 'at' | 'actor' | 'roles' | 'method' | 'path' | 'status' | 'traceId'>;

@Injectable()
export class AuditLogRepository {
  private readonly entries: Repository<AuditLogEntry>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    this.entries = dataSource.getRepository(AuditLogEntry);
  }

  async record(entry: AuditRecord): Promise<void> {
    try {
      // save, not insert: insert's parameter type cannot take a jsonb property typed Record<string, unknown>.
      await this.entries.save(this.entries.create(entry), { transaction: false, reload: false });
    } catch (error) {
      this.logger.error({ err: (error as Error).message, audit: { ...entry } }, 'audit log write failed');
    }
  }

  async latest(limit = 100): Promise<AuditLogView[]> {
    return this.list({ limit, offset: 0 });
  }

  /** Entries matching `query`, newest first (ties by id, so pages do not overlap). */
  async list(query: AuditLogQuery): Promise<AuditLogView[]> {
    const q = this.entries
      .createQueryBuilder('e')
      .select(['e.id', 'e.at', 'e.actor', 'e.roles', 'e.method', 'e.path', 'e.status', 'e.traceId'])
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .take(query.limit)
      .skip(query.offset);
    const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    if (query.actor) q.andWhere('e.actor ILIKE :actor', { actor: like(query.actor) });
    if (query.method) q.andWhere('e.method = :method', { method: query.method });
    if (query.path) q.andWhere('e.path ILIKE :path', { path: like(query.path) });
    if (query.outcome) q.andWhere(query.outcome === 'failed' ? 'e.status >= 400' : 'e.status < 400');
    if (query.since) q.andWhere('e.at >= :since', { since: new Date(query.since) });
    if (query.until) q.andWhere('e.at < :until', { until: new Date(query.until) });
    return q.getMany();
  }
}

const PRUNE_AUDIT_LOG = batchDeleteSql('audit_log', `t.at < ${EXPIRED_BEFORE}`);

/** Audit log entries older than AUDIT_LOG_RETENTION. */
export const auditLogRetention = (windowMs: number): RetentionRule => ({
  name: 'audit log',
  windowMs,
  prune: (dataSource, window, limit) => runBatchDelete(dataSource, PRUNE_AUDIT_LOG, window, limit),
});
