import { z } from 'zod';
import { APPLICATION_TYPES, type ApplicationType } from '../licensing/application-type.js';
import { commandSubject } from '../messaging/subjects.js';
import { defineCommand } from './command-definition.js';

/** The application adapter's service name on NATS (HCM-F's "CAA" services). */
export const CAA_SERVICE = 'caa';

export const smartAgentStatusSchema = z.object({
  clusterId: z.string(),
  applicationType: z.enum(APPLICATION_TYPES).nullable(),
  /** 'unknown' until smartlic has read the state from the application. */
  registrationStatus: z.enum(['unknown', 'evaluation', 'registered', 'deregistered', 'partially-registered', 'multiple-virtual-accounts']),
  authorizationStatus: z.string().nullable(),
  smartAccount: z.string().nullable(),
  virtualAccount: z.string().nullable(),
  virtualAccounts: z.array(z.string()).default([]),
  registrationExpires: z.string().nullable(),
  authorizationExpires: z.string().nullable(),
  known: z.boolean().describe('Whether app-adapter has this cluster in its endpoint inventory'),
  checkedAt: z.string().nullable(),
});
export type SmartAgentStatus = z.infer<typeof smartAgentStatusSchema>;

const clusterRef = z.object({ clusterId: z.string().min(1) });

/** Subjects of the per-application-type CAA commands: `smartlic.caa.v1.<type>.<operation>`. */
export const caaCommandSubject = (applicationType: ApplicationType, operation: string): string =>
  commandSubject(CAA_SERVICE, applicationType, operation);

export const CaaCommands = {
  status: (applicationType: ApplicationType) =>
    defineCommand({
      subject: caaCommandSubject(applicationType, 'status'),
      service: CAA_SERVICE,
      request: clusterRef,
      response: smartAgentStatusSchema,
      timeoutMs: 15_000,
      summary: 'Registration and authorization state of a cluster smart agent',
    }),
};
