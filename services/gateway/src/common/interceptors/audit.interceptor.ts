import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { trace } from '@opentelemetry/api';
import { Observable, tap } from 'rxjs';
import { AuditLogRepository } from '../../modules/audit/audit-log.repository.js';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Writes every mutation (who, what, outcome, trace id) to the audit log. Bodies are not stored: they carry secrets. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditLogRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!MUTATIONS.has(req.method)) return next.handle();
    const record = (status: number) =>
      this.audit.record({
        actor: req.principal?.subject ?? 'anonymous',
        roles: req.principal?.roles ?? [],
        method: req.method,
        path: req.originalUrl,
        status,
        traceId: trace.getActiveSpan()?.spanContext().traceId ?? null,
        detail: { params: req.params },
      });
    return next.handle().pipe(
      tap({
        next: () => void record(context.switchToHttp().getResponse<Response>().statusCode),
        error: (e: { getStatus?: () => number }) => void record(typeof e?.getStatus === 'function' ? e.getStatus() : 500),
      }),
    );
  }
}
