import { z } from 'zod';
import { defineEvent } from './event-definition.js';
import { eventSubject } from '../messaging/subjects.js';
import { STREAMS } from '../messaging/stream-names.js';
import { CLUSTER_TYPES } from '../licensing/application-type.js';

const stream = STREAMS.events;
const REGISTRATION = 'registration';

/**
 * How many clusters and customers are assigned to a virtual account, after every assignment change and after every
 * sync of its smart account (a repair). sync uses it to refuse transport changes while clusters are assigned (guide:
 * "Set Transport Mode") and for the Virtual Account Summary's clusters# and customers#. Counts are absolute: a
 * consumer keeps the message with the highest `version` of the VA and ignores lower ones, whatever the arrival order.
 */
export const vaAssignmentsSchema = z.object({
  smartAccountId: z.string(),
  virtualAccount: z.string(),
  clusters: z.number().int().nonnegative(),
  customers: z.number().int().nonnegative(),
  /** Of `clusters`, those auto-registration put there: they run in HCS mode whatever the VA's mode says. */
  autoRegistered: z.number().int().nonnegative().default(0),
  /**
   * Sequence number of the VA's counts, increasing with every count registration publishes (counted one transaction
   * after another per VA). Absent from publishers before it existed: those are ordered by occurredAt.
   */
  version: z.number().int().positive().optional(),
});
export type VaAssignments = z.infer<typeof vaAssignmentsSchema>;

/** A customer of the registration inventory (projection of the provisioning contract, no proxy secrets). */
export const inventoryCustomerSchema = z.object({ id: z.string(), name: z.string() });
export type InventoryCustomer = z.infer<typeof inventoryCustomerSchema>;

/** A cluster of the registration inventory: what other services may know about it (no credentials, no proxy). */
export const inventoryClusterSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  type: z.enum(CLUSTER_TYPES),
  version: z.string(),
  /** UC applications 12.5+, Expressway X12.6+ in smart licensing mode (guide: "View Cluster Summary"). */
  eligible: z.boolean(),
  /** Publisher host name, null when the cluster has no publisher node. */
  publisher: z.string().nullable(),
  nodeCount: z.number().int().nonnegative(),
});
export type InventoryCluster = z.infer<typeof inventoryClusterSchema>;

/**
 * Cluster Summary statuses, highest priority first (guide: "View Cluster Summary"). When several apply, the
 * Cluster Summary shows the first of this list.
 */
export const CLUSTER_STATUSES = [
  'Multiple Virtual Account Registered',
  'Auto Registration Failed',
  'Manual Registration Failed',
  'Deregistration Failed',
  'Deregistered',
  'Partially Registered',
  'Auto Registration InProgress',
  'Auto Deregistration InProgress',
  'Auto Registered',
  'Manually Registered',
] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** The highest-priority status of several candidates (guide: "The cluster status is prioritized as follows"). */
export const prioritisedClusterStatus = (candidates: readonly (ClusterStatus | null | undefined)[]): ClusterStatus | null => {
  let best: ClusterStatus | null = null;
  for (const c of candidates) if (c && (best === null || CLUSTER_STATUSES.indexOf(c) < CLUSTER_STATUSES.indexOf(best))) best = c;
  return best;
};

export const clusterStatusChangedSchema = z.object({
  clusterId: z.string(),
  customerId: z.string(),
  type: z.enum(CLUSTER_TYPES),
  smartAccountId: z.string().nullable(),
  virtualAccount: z.string().nullable().describe('Virtual account name'),
  status: z.enum(CLUSTER_STATUSES).nullable(),
  jobId: z.string().nullable(),
  errorCode: z.string().nullable(),
  statusInfo: z.string().nullable(),
  recommendedAction: z.string().nullable(),
  changedAt: z.string(),
});
export type ClusterStatusChanged = z.infer<typeof clusterStatusChangedSchema>;

export const RegistrationEvents = {
  vaAssignmentsChanged: defineEvent({
    type: 'smartlic.registration.va-assignments.changed',
    subject: eventSubject(REGISTRATION, 'va-assignments', 'changed'),
    stream,
    schemaVersion: 1,
    schema: vaAssignmentsSchema,
    summary: 'Cluster and customer counts of a virtual account changed',
  }),
  customerUpserted: defineEvent({
    type: 'smartlic.registration.customer.upserted',
    subject: eventSubject(REGISTRATION, 'customer', 'upserted'),
    stream,
    schemaVersion: 1,
    schema: inventoryCustomerSchema,
    summary: 'A customer was added to or changed in the inventory',
  }),
  customerRemoved: defineEvent({
    type: 'smartlic.registration.customer.removed',
    subject: eventSubject(REGISTRATION, 'customer', 'removed'),
    stream,
    schemaVersion: 1,
    schema: inventoryCustomerSchema,
    summary: 'A customer was removed from the inventory',
  }),
  clusterUpserted: defineEvent({
    type: 'smartlic.registration.cluster.upserted',
    subject: eventSubject(REGISTRATION, 'cluster', 'upserted'),
    stream,
    schemaVersion: 1,
    schema: inventoryClusterSchema,
    summary: 'A cluster was added to or changed in the inventory',
  }),
  clusterRemoved: defineEvent({
    type: 'smartlic.registration.cluster.removed',
    subject: eventSubject(REGISTRATION, 'cluster', 'removed'),
    stream,
    schemaVersion: 1,
    schema: inventoryClusterSchema,
    summary: 'A cluster was removed from the inventory',
  }),
  clusterStatusChanged: defineEvent({
    type: 'smartlic.registration.cluster.status-changed',
    subject: eventSubject(REGISTRATION, 'cluster', 'status-changed'),
    stream,
    schemaVersion: 1,
    schema: clusterStatusChangedSchema,
    summary: 'The Cluster Summary status or the latest job of a cluster changed',
  }),
} as const;
