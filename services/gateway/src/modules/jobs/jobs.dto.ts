import { z } from 'zod';
import { JOB_STATUSES, REGISTRATION_JOB_TYPES } from '#libs/contracts';

export const jobListQuerySchema = z
  .object({
    service: z.string().min(1).optional().describe('Jobs of one service (sync, registration, reporting, ...)'),
    entityType: z.string().min(1).optional().describe('e.g. Smart Account, Cluster'),
    jobType: z.enum(REGISTRATION_JOB_TYPES).optional(),
    status: z.enum(JOB_STATUSES).optional(),
    entityId: z.string().min(1).optional().describe('Cluster id'),
    entityName: z.string().min(1).optional().describe('Cluster name, case-insensitive substring'),
    errorCode: z.string().min(1).optional(),
    correlationId: z.string().min(1).optional().describe('Jobs of one batch'),
    since: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type JobListQuery = z.infer<typeof jobListQuerySchema>;
