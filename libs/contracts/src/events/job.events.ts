import { z } from 'zod';
import { defineEvent } from './event-definition.js';
import { SMARTLIC_ROOT } from '../messaging/subjects.js';
import { STREAMS } from '../messaging/stream-names.js';

/** Job statuses as HCM-F's Jobs page shows them. */
export const JOB_STATUSES = ['Queued', 'In Progress', 'Succeeded', 'Failed', 'Cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A job as the operators see it (HCM-F: Infrastructure Manager > Administration > Jobs). */
export const jobSchema = z.object({
  id: z.string(),
  service: z.string(),
  jobType: z.string().describe('e.g. Smart Account Sync, Assign Cluster, Auto Registration'),
  entityType: z.string().describe('e.g. Smart Account, Cluster'),
  entityId: z.string(),
  entityName: z.string(),
  status: z.enum(JOB_STATUSES),
  description: z.string(),
  statusInfo: z.string().nullable().describe('Error code and message on failure'),
  errorCode: z.string().nullable(),
  recommendedAction: z.string().nullable(),
  initiatedAt: z.string(),
  completedAt: z.string().nullable(),
  correlationId: z.string().nullable(),
});
export type Job = z.infer<typeof jobSchema>;

export const JobEvents = {
  updated: defineEvent({ type: 'smartlic.job.updated', subject: `${SMARTLIC_ROOT}.job.v1.updated`, stream: STREAMS.events, schemaVersion: 1, schema: jobSchema, summary: 'A job was created or changed state' }),
} as const;
