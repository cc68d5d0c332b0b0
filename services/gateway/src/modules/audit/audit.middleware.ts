import type { NextFunction, Request, Response } from 'express';
import { trace } from '@opentelemetry/api';
import type { AuthenticatedRequest } from '../../common/auth/auth.guard.js';
import type { AuditLogRepository } from './audit-log.repository.js';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Writes every mutation attempt (who, what, outcome, trace id) to the audit log once the response is sent, refused
 * ones included. Bodies are not stored: they carry secrets.
 */
export const auditMiddleware = (audit: AuditLogRepository) => (req: Request, res: Response, next: NextFunction): void => {
  if (!MUTATIONS.has(req.method)) return next();
  const traceId = trace.getActiveSpan()?.spanContext().traceId ?? null;
  res.on('finish', () => {
    const principal = (req as AuthenticatedRequest).principal;
    void audit.record({ actor: principal?.subject ?? 'anonymous', roles: principal?.roles ?? [], method: req.method, path: req.originalUrl, status: res.statusCode, traceId, detail: {} });
  });
  next();
};
