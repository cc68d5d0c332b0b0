import { z } from 'zod';
import { CLUSTER_TYPES, LICENSE_MODES, type ClusterType } from '../licensing/application-type.js';
import { commandSubject } from '../messaging/subjects.js';
import { CLUSTER_STATUSES } from '../events/registration.events.js';
import { jobSchema, JOB_STATUSES } from '../events/job.events.js';
import { defineCommand } from './command-definition.js';

export const REGISTRATION_SERVICE = 'registration';

/** Job types of the registration service, as HCM-F names them. */
export const REGISTRATION_JOB_TYPES = ['Assign Cluster', 'Unassign Cluster', 'Renew ID', 'Renew Authorization'] as const;
export type RegistrationJobType = (typeof REGISTRATION_JOB_TYPES)[number];

/** Who started an assignment: an operator, or auto-registration. Decides "Manually Registered" vs "Auto Registered". */
export const JOB_TRIGGERS = ['manual', 'auto'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

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
  /** The guide's Cluster Summary status (prioritised), null when the cluster was never assigned. */
  status: z.enum(CLUSTER_STATUSES).nullable(),
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

export const clusterListRequestSchema = z.object({
  customerId: z.string().optional(),
  /** Customer name, case-insensitive substring (guide: "filter by customer name"). */
  customer: z.string().optional(),
  type: z
    .string()
    .refine((t) => clusterTypesForKeyword(t) !== undefined, { message: `unknown cluster type; use one of: ${Object.keys(CLUSTER_TYPE_KEYWORDS).join(', ')}` })
    .optional(),
  virtualAccountId: z.string().optional(),
  status: z.enum(CLUSTER_STATUSES).optional(),
  eligible: z.boolean().optional(),
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
