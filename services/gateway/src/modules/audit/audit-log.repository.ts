import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
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
