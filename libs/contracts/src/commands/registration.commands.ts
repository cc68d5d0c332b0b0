import { z } from 'zod';
import { CLUSTER_TYPES, LICENSE_MODES, type ClusterType } from '../licensing/application-type.js';
import { commandSubject } from '../messaging/subjects.js';
import { CLUSTER_STATUSES } from '../events/registration.events.js';
import { jobSchema, JOB_STATUSES } from '../events/job.events.js';
import { defineCommand } from './command-definition.js';
import { smartAgentStatusSchema } from './caa.commands.js';

export const REGISTRATION_SERVICE = 'registration';

/** Job types of the registration service, as HCM-F names them. */
/** PLM's (11.x clusters): HCM-F's License Management jobs, in the same job model. */
export const REGISTRATION_JOB_TYPES = ['Assign Cluster', 'Unassign Cluster', 'Renew ID', 'Renew Authorization', 'Assign Cluster to PLM', 'Unassign Cluster from PLM'] as const;
export type RegistrationJobType = (typeof REGISTRATION_JOB_TYPES)[number];

/** Who started an assignment: an operator, or auto-registration. Decides "Manually Registered" vs "Auto Registered". */
export const JOB_TRIGGERS = ['manual', 'auto'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

/**
 * The smart agent's state as registration last observed it: app-adapter's status events and the replies to the status
 * refresh. `refreshError` is the last refresh that failed for the cluster (the previous observation stays shown).
 */
export const observedAgentStateSchema = z.object({
  registrationStatus: smartAgentStatusSchema.shape.registrationStatus,
  smartAccount: z.string().nullable(),
  virtualAccount: z.string().nullable(),
  virtualAccounts: z.array(z.string()),
  registrationExpires: z.string().nullable(),
  authorizationStatus: z.string().nullable(),
  authorizationExpires: z.string().nullable(),
  /** Per node for Expressway (registration is per node), the publisher's agent otherwise. */
  nodes: z.array(z.object({ hostname: z.string(), registrationStatus: z.string(), virtualAccount: z.string().nullable() })),
  checkedAt: z.string().nullable(),
  refreshError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
});
export type ObservedAgentState = z.infer<typeof observedAgentStateSchema>;

/** What the Cluster Summary's status information icon shows: where the status comes from, why, and what to do. */
export const clusterStatusDetailsSchema = z.object({
  /** `job`: the latest job decided the status; `application`: the smart agent's state read after that job. */
  source: z.enum(['job', 'application']),
  description: z.string(),
  recommendedAction: z.string().nullable(),
});
export type ClusterStatusDetails = z.infer<typeof clusterStatusDetailsSchema>;

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
  smartAccountId: z.string().nullable().default(null),
  smartAccount: z.string().nullable(),
  virtualAccountId: z.string().nullable().default(null),
  virtualAccount: z.string().nullable(),
  /**
   * The guide's Cluster Summary status (prioritised), from the latest job and the smart agent's state observed after
   * it; null when the cluster was never assigned nor its state read.
   */
  status: z.enum(CLUSTER_STATUSES).nullable(),
  statusDetails: clusterStatusDetailsSchema.nullable().default(null),
  /** The smart agent's state as last read from the application (null: never read). */
  agentState: observedAgentStateSchema.nullable().default(null),
  /** The latest job of the cluster (the Cluster Summary's "Job Status" details). */
  job: jobSchema.nullable().default(null),
  /** Why the cluster needs the operator (e.g. its virtual account was removed in CSSM), null when nothing is wrong. */
  attention: z.string().nullable().default(null),
  updatedAt: z.string(),
});
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

/**
 * Type filter keywords of the Cluster Summary: the cluster types themselves, their display names, and the guide's
 * Expressway keywords ("core, edge, expressway, expresswayedge, expressway edge, expresswaycore, expressway core").
 */
export const CLUSTER_TYPE_KEYWORDS: Record<string, readonly ClusterType[]> = {
  cucm: ['cucm'],
  'unified cm': ['cucm'],
  'cisco unified cm': ['cucm'],
  cuc: ['cuc'],
  'unity connection': ['cuc'],
  'cisco unity connection': ['cuc'],
  cer: ['cer'],
  'emergency responder': ['cer'],
  'cisco emergency responder': ['cer'],
  'expressway-c': ['expressway-c'],
  'expressway-e': ['expressway-e'],
  core: ['expressway-c'],
  expresswaycore: ['expressway-c'],
  'expressway core': ['expressway-c'],
  edge: ['expressway-e'],
  expresswayedge: ['expressway-e'],
  'expressway edge': ['expressway-e'],
  expressway: ['expressway-c', 'expressway-e'],
};

/** The cluster types a type-filter keyword selects, or undefined for an unknown keyword. */
export const clusterTypesForKeyword = (keyword: string): readonly ClusterType[] | undefined =>
  CLUSTER_TYPE_KEYWORDS[keyword.trim().toLowerCase().replace(/\s+/g, ' ')];

export const CLUSTER_SORT_FIELDS = ['name', 'type', 'version', 'customer', 'smartAccount', 'virtualAccount', 'status', 'updatedAt'] as const;

/**
 * The Cluster Summary's filters. The page lists the clusters the guide lists (`eligible` true, the default: UC
 * applications 12.5 and later, Expressway X12.6 and later in smart licensing mode); `false` lists the others of the
 * inventory, `'all'` both.
 */
export const clusterFilterSchema = z.object({
  customerId: z.string().optional(),
  /** Customer name, case-insensitive substring (guide: "filter by customer name"). */
  customer: z.string().optional(),
  type: z
    .string()
    .refine((t) => clusterTypesForKeyword(t) !== undefined, { message: `unknown cluster type; use one of: ${Object.keys(CLUSTER_TYPE_KEYWORDS).join(', ')}` })
    .optional(),
  /** The virtual account the Cluster Summary shows for the cluster (its assignment, or the one it is registered to). */
  virtualAccountId: z.string().optional(),
  status: z.enum(CLUSTER_STATUSES).optional(),
  eligible: z.union([z.boolean(), z.literal('all')]).default(true),
});
export type ClusterFilter = z.infer<typeof clusterFilterSchema>;

export const clusterListRequestSchema = clusterFilterSchema.extend({
  sort: z.enum(CLUSTER_SORT_FIELDS).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});
export type ClusterListRequest = z.infer<typeof clusterListRequestSchema>;

const clusterIdsSchema = z
  .array(z.string().min(1).max(128))
  .min(1, 'select at least one cluster')
  .max(5000)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'cluster ids must be unique' });

/** One job started by a batch: the cluster, its job id, and the job's state when the reply was sent. */
export const clusterJobRefSchema = z.object({
  clusterId: z.string(),
  jobId: z.string(),
  status: z.enum(JOB_STATUSES),
  errorCode: z.string().nullable(),
  statusInfo: z.string().nullable(),
  recommendedAction: z.string().nullable(),
});
export type ClusterJobRef = z.infer<typeof clusterJobRefSchema>;

const batchResponse = z.object({ virtualAccountId: z.string(), jobs: z.array(clusterJobRefSchema) });

export const clusterJobListRequestSchema = z.object({
  jobType: z.enum(REGISTRATION_JOB_TYPES).optional(),
  status: z.enum(JOB_STATUSES).optional(),
  entityId: z.string().optional(),
  entityName: z.string().optional().describe('Case-insensitive substring'),
  errorCode: z.string().optional(),
  correlationId: z.string().optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('Jobs initiated at or after'),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});
export type ClusterJobListRequest = z.infer<typeof clusterJobListRequestSchema>;

/** Who asked for a status refresh: the schedule, or an operator (REST). */
export const STATUS_REFRESH_TRIGGERS = ['schedule', 'operator'] as const;

/**
 * A status refresh: the smart agent's state read from the application for each cluster queued (a live `status`
 * command to app-adapter each). Answered as soon as it is queued; `refreshed`, `failed` and `completedAt` follow.
 */
export const statusRefreshSchema = z.object({
  id: z.string(),
  trigger: z.enum(STATUS_REFRESH_TRIGGERS),
  clusterIds: z.array(z.string()).describe('Clusters queued for a status read'),
  /** Clusters not queued: a job is running on them (the job reads the state itself), or already queued. */
  skipped: z.array(z.object({ clusterId: z.string(), reason: z.string() })),
  refreshed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** The clusters whose state could not be read, with the catalogue code (at most 100 listed). */
  failures: z.array(z.object({ clusterId: z.string(), code: z.string(), message: z.string() })),
  requestedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type StatusRefresh = z.infer<typeof statusRefreshSchema>;

/** Virtual Account Summary / Edit Virtual Account row as registration knows it. */
export const virtualAccountSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  smartAccountId: z.string(),
  smartAccountName: z.string().nullable(),
  smartAccountDomain: z.string().nullable(),
  accessLevel: z.string().nullable(),
  licenseMode: z.enum(LICENSE_MODES).nullable(),
  clusters: z.number().int().nonnegative().describe('Clusters #'),
  customers: z.number().int().nonnegative().describe('Customers #'),
});
export type VirtualAccountSummary = z.infer<typeof virtualAccountSummarySchema>;


export const RegistrationCommands = {
  listClusters: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'cluster', 'list'),
    service: REGISTRATION_SERVICE,
    request: clusterListRequestSchema,
    response: z.object({ total: z.number().int(), items: z.array(clusterSummarySchema) }),
    timeoutMs: 10_000,
    summary: 'Cluster Summary: clusters with their assignment, status and latest job; filter, sort, page',
  }),
  getCluster: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'cluster', 'get'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id: z.string().min(1) }),
    response: clusterSummarySchema,
    timeoutMs: 10_000,
    summary: 'One cluster of the Cluster Summary',
  }),
  refreshClusterStatus: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'cluster', 'status-refresh'),
    service: REGISTRATION_SERVICE,
    request: z.object({ clusterId: z.string().min(1).max(128) }),
    response: statusRefreshSchema,
    timeoutMs: 10_000,
    summary: "Read the cluster's smart agent state from the application now (queued; the Cluster Summary shows it when read)",
  }),
  refreshClusterStatuses: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'cluster', 'status-refresh-many'),
    service: REGISTRATION_SERVICE,
    request: clusterFilterSchema,
    response: statusRefreshSchema,
    timeoutMs: 30_000,
    summary: "Read the smart agent state of every cluster the Cluster Summary's filters select (queued)",
  }),
  getStatusRefresh: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'status-refresh', 'get'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id: z.string().min(1) }),
    response: statusRefreshSchema,
    timeoutMs: 10_000,
    summary: 'A status refresh and its progress',
  }),
  assignClusters: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'virtual-account', 'assign'),
    service: REGISTRATION_SERVICE,
    request: z.object({ virtualAccountId: z.string().min(1), clusterIds: clusterIdsSchema, trigger: z.enum(JOB_TRIGGERS).default('manual') }),
    response: batchResponse,
    timeoutMs: 30_000,
    summary: 'Assign clusters to a virtual account: one Assign Cluster job per cluster',
  }),
  unassignClusters: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'virtual-account', 'unassign'),
    service: REGISTRATION_SERVICE,
    request: z.object({ virtualAccountId: z.string().min(1), clusterIds: clusterIdsSchema, trigger: z.enum(JOB_TRIGGERS).default('manual') }),
    response: batchResponse,
    timeoutMs: 30_000,
    summary: 'Unassign clusters from a virtual account: one Unassign Cluster job per cluster',
  }),
  renewId: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'cluster', 'renew-id'),
    service: REGISTRATION_SERVICE,
    request: z.object({ clusterId: z.string().min(1) }),
    response: clusterJobRefSchema,
    timeoutMs: 10_000,
    summary: 'Renew the registration (ID certificate) of a registered cluster: a Renew ID job',
  }),
  renewAuthorization: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'cluster', 'renew-auth'),
    service: REGISTRATION_SERVICE,
    request: z.object({ clusterId: z.string().min(1) }),
    response: clusterJobRefSchema,
    timeoutMs: 10_000,
    summary: 'Renew the authorization of a registered cluster: a Renew Authorization job',
  }),
  listJobs: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'job', 'list'),
    service: REGISTRATION_SERVICE,
    request: clusterJobListRequestSchema,
    response: z.object({ total: z.number().int(), items: z.array(jobSchema) }),
    timeoutMs: 10_000,
    summary: "Registration's cluster jobs, newest first, with filters",
  }),
  getJob: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'job', 'get'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id: z.string().min(1) }),
    response: jobSchema,
    timeoutMs: 10_000,
    summary: 'One cluster job',
  }),
  listVirtualAccounts: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'virtual-account', 'list'),
    service: REGISTRATION_SERVICE,
    request: z.object({ smartAccountId: z.string().optional(), limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0) }),
    response: z.object({ total: z.number().int(), items: z.array(virtualAccountSummarySchema) }),
    timeoutMs: 10_000,
    summary: 'Virtual Account Summary: clusters# and customers# per VA, license mode, description, access level',
  }),
  getVirtualAccount: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'virtual-account', 'get'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id: z.string().min(1) }),
    response: virtualAccountSummarySchema,
    timeoutMs: 10_000,
    summary: 'Edit Virtual Account: one VA with clusters#, customers#, license mode, description, access level',
  }),
};
