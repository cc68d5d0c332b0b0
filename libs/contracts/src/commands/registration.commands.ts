import { z } from 'zod';
import { CLUSTER_TYPES } from '../licensing/application-type.js';
import { commandSubject } from '../messaging/subjects.js';
import { defineCommand } from './command-definition.js';

export const REGISTRATION_SERVICE = 'registration';

export const clusterSummarySchema = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  name: z.string(),
  type: z.enum(CLUSTER_TYPES),
  version: z.string(),
  publisher: z.string().nullable(),
  nodeCount: z.number().int(),
  eligible: z.boolean(),
  smartAccount: z.string().nullable(),
  virtualAccount: z.string().nullable(),
  status: z.string().nullable(),
  updatedAt: z.string(),
});
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

export const clusterListRequestSchema = z.object({
  customerId: z.string().optional(),
  type: z.string().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});

export const RegistrationCommands = {
  listClusters: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'cluster', 'list'),
    service: REGISTRATION_SERVICE,
    request: clusterListRequestSchema,
    response: z.object({ total: z.number().int(), items: z.array(clusterSummarySchema) }),
    timeoutMs: 10_000,
    summary: 'Cluster Summary: clusters with their assignment and status',
  }),
  getCluster: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'cluster', 'get'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id: z.string().min(1) }),
    response: clusterSummarySchema,
    timeoutMs: 10_000,
    summary: 'One cluster of the Cluster Summary',
  }),
};
