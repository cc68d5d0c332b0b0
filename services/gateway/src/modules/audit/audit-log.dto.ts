import { z } from 'zod';

export const AUDITED_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const AUDIT_OUTCOMES = ['succeeded', 'failed'] as const;

/** Filters and paging of the audit log, newest first. */
export const auditLogQuerySchema = z
  .object({
    actor: z.string().min(1).max(255).optional().describe('Case-insensitive substring of the actor (token subject)'),
    method: z.enum(AUDITED_METHODS).optional(),
    path: z.string().min(1).max(1000).optional().describe('Case-insensitive substring of the request path'),
    outcome: z.enum(AUDIT_OUTCOMES).optional().describe('succeeded: HTTP status below 400; failed: 400 or above'),
    since: z.iso.datetime({ offset: true }).optional().describe('Entries at or after this time'),
    until: z.iso.datetime({ offset: true }).optional().describe('Entries before this time'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;
