import { z } from 'zod';
import { CLUSTER_TYPES, LICENSE_MODES } from '../licensing/application-type.js';
import { commandSubject } from '../messaging/subjects.js';
import { plmLicenseSchema } from '../events/plm.events.js';
import { encryptedSecretSchema } from '../provisioning/provisioning.schemas.js';
import { CAA_SERVICE } from './caa.commands.js';
import { defineCommand } from './command-definition.js';
import { clusterJobRefSchema, REGISTRATION_SERVICE } from './registration.commands.js';

/**
 * Prime License Manager (guide: "License Management" > "License Manager"): registration owns the License Manager
 * instances and the PLM assignments; app-adapter keeps each one's connection (OS admin password sealed at rest) and
 * is the only one that talks to PLM. A PLM serves at most 1,000 UC clusters (Cisco HCS license management).
 */
export const PLM_MAX_CLUSTERS = 1000;
export const PLM_DEFAULT_HTTPS_PORT = 8443;
/** A license mode change waits for PLM's restart (the caller waits too: a lab PLM restarts in seconds). */
export const PLM_LICENSE_MODE_TIMEOUT_MS = 10 * 60_000;

const hostname = z
  .string()
  .min(1, 'is required')
  .max(255)
  .regex(/^[A-Za-z0-9.:-]+$/, 'must be a hostname or an IP address');
const port = z.number().int().min(1, 'must be an integer between 1 and 65535').max(65535, 'must be an integer between 1 and 65535');
const username = z.string().min(1, 'is required').max(255);
const tls = z
  .object({
    caPem: z.string().min(1).max(256 * 1024).optional().describe("PEM CA bundle trusted for the License Manager's certificate"),
    insecureSkipVerify: z.boolean().optional().describe('Explicit, logged opt-out of certificate verification (labs only)'),
  })
  .describe("Trust of the License Manager's HTTPS certificate");

/** Add License Manager, as the operator types it (REST body). The password travels no further than the gateway in clear. */
export const licenseManagerInputSchema = z.object({
  hostname: hostname.describe('Hostname or IP address of a standalone Prime License Manager'),
  port: port.default(PLM_DEFAULT_HTTPS_PORT),
  username: username.describe("PLM's OS admin user"),
  password: z.string().min(1, 'is required').max(1024).describe('OS admin password: write only, stored encrypted'),
  tls: tls.optional(),
});
export type LicenseManagerInput = z.infer<typeof licenseManagerInputSchema>;

/** Edit License Manager: the same fields; an omitted password keeps the stored one. */
export const licenseManagerUpdateSchema = licenseManagerInputSchema.partial().extend({ port: port.optional() });
export type LicenseManagerUpdate = z.infer<typeof licenseManagerUpdateSchema>;

/** What the gateway sends on: the password encrypted for app-adapter (JWE, the provisioning key). */
const sealedConnectionFields = {
  hostname,
  port,
  username,
  encryptedPassword: encryptedSecretSchema,
  tls: tls.optional(),
};

export const licenseManagerSchema = z.object({
  id: z.string(),
  hostname: z.string(),
  port: z.number().int(),
  username: z.string(),
  /** PLM's version as it answered when last validated. */
  version: z.string().nullable(),
  licenseMode: z.enum(LICENSE_MODES).nullable(),
  customers: z.number().int().nonnegative(),
  clusters: z.number().int().nonnegative(),
  capacity: z.literal(PLM_MAX_CLUSTERS),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LicenseManager = z.infer<typeof licenseManagerSchema>;

/** app-adapter's answer after a validation: what PLM said about itself. */
export const plmConnectionStateSchema = z.object({
  licenseManagerId: z.string(),
  version: z.string(),
  apiVersion: z.string(),
  licenseMode: z.enum(LICENSE_MODES),
});
export type PlmConnectionState = z.infer<typeof plmConnectionStateSchema>;

export const plmInventorySchema = z.object({
  licenseManagerId: z.string(),
  licenses: z.array(plmLicenseSchema),
  /** What each cluster asked for consumes at PLM (absent: PLM does not know the cluster). */
  usage: z.array(z.object({ name: z.string(), licenses: z.array(z.object({ licenseType: z.string(), count: z.number().int().nonnegative() })) })).default([]),
});
export type PlmInventory = z.infer<typeof plmInventorySchema>;

export const plmLicenseModeChangeSchema = z.object({
  licenseManagerId: z.string(),
  licenseMode: z.enum(LICENSE_MODES),
  previousLicenseMode: z.enum(LICENSE_MODES),
});

const page = { limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0) };
const id = z.string().min(1).max(128);

const plmCaa = <Req extends z.ZodType, Res extends z.ZodType>(verb: string, request: Req, response: Res, summary: string, timeoutMs = 30_000) =>
  defineCommand({ subject: commandSubject(CAA_SERVICE, 'plm', verb), service: CAA_SERVICE, request, response, timeoutMs, summary });

/** app-adapter's PLM operations (HCM-F's license manager service). */
export const PlmCaaCommands = {
  setConnection: plmCaa(
    'connection-set',
    z.object({ licenseManagerId: id, ...sealedConnectionFields, encryptedPassword: encryptedSecretSchema.optional() }),
    plmConnectionStateSchema,
    'Validate a License Manager as HCM-F does (reach it with the OS admin account, read its version, refuse demo mode), then store its connection (password sealed); an omitted password keeps the stored one',
  ),
  deleteConnection: plmCaa('connection-delete', z.object({ licenseManagerId: id }), z.object({ licenseManagerId: z.string() }), "Forget a License Manager's connection"),
  inventory: plmCaa(
    'inventory',
    z.object({ licenseManagerId: id, clusters: z.array(z.string().min(1).max(255)).max(PLM_MAX_CLUSTERS).default([]).describe('Cluster names whose usage to read') }),
    plmInventorySchema,
    "A License Manager's license types with installed, required and available counts, and the usage of the clusters named",
    120_000,
  ),
  addCluster: plmCaa(
    'cluster-add',
    z.object({
      licenseManagerId: id,
      cluster: z.object({ name: z.string().min(1).max(255), type: z.enum(CLUSTER_TYPES), version: z.string().min(1).max(64), hostname: z.string().min(1).max(255) }),
    }),
    z.object({ licenseManagerId: z.string(), name: z.string() }),
    'Force-add a UC cluster at its License Manager (as HCM-F does: a registration of the same name is replaced)',
  ),
  removeCluster: plmCaa(
    'cluster-remove',
    z.object({ licenseManagerId: id, name: z.string().min(1).max(255) }),
    z.object({ licenseManagerId: z.string(), name: z.string() }),
    'Remove a UC cluster from its License Manager (one PLM does not know is already removed)',
  ),
  getLicenseMode: plmCaa('license-mode-get', z.object({ licenseManagerId: id }), z.object({ licenseManagerId: z.string(), licenseMode: z.enum(LICENSE_MODES) }), "A License Manager's license (deployment) mode"),
  setLicenseMode: plmCaa(
    'license-mode-set',
    z.object({ licenseManagerId: id, licenseMode: z.enum(LICENSE_MODES) }),
    plmLicenseModeChangeSchema,
    "Change a standalone License Manager's license mode (HCS or Enterprise) through its platform (PAWS): set, read back, restart, wait for it, read again",
    PLM_LICENSE_MODE_TIMEOUT_MS,
  ),
} as const;

export const licenseManagerListRequestSchema = z.object({ ...page, hostname: z.string().min(1).max(255).optional().describe('Case-insensitive substring') });

/** registration's License Manager commands (the gateway's `/license-managers`). */
export const LicenseManagerCommands = {
  list: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-manager', 'list'),
    service: REGISTRATION_SERVICE,
    request: licenseManagerListRequestSchema,
    response: z.object({ total: z.number().int(), items: z.array(licenseManagerSchema) }),
    timeoutMs: 10_000,
    summary: 'License Managers (PLM) with their customers and clusters counts',
  }),
  get: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-manager', 'get'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id }),
    response: licenseManagerSchema,
    timeoutMs: 10_000,
    summary: 'One License Manager',
  }),
  add: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-manager', 'add'),
    service: REGISTRATION_SERVICE,
    request: z.object(sealedConnectionFields),
    response: licenseManagerSchema,
    timeoutMs: 45_000,
    summary: 'Add a License Manager: validated through app-adapter (unreachable, refused credentials and demo mode refused)',
  }),
  update: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-manager', 'update'),
    service: REGISTRATION_SERVICE,
    request: z.object({
      id,
      hostname: hostname.optional(),
      port: port.optional(),
      username: username.optional(),
      encryptedPassword: encryptedSecretSchema.optional(),
      tls: tls.optional(),
    }),
    response: licenseManagerSchema,
    timeoutMs: 45_000,
    summary: 'Edit a License Manager: validated again before it is stored',
  }),
  delete: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-manager', 'delete'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id }),
    response: z.object({ id: z.string() }),
    timeoutMs: 30_000,
    summary: 'Delete a License Manager (refused while customers are assigned to it)',
  }),
  assignCustomer: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-manager', 'customer-assign'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id, customerId: id }),
    response: z.object({ id: z.string(), customerId: z.string() }),
    timeoutMs: 10_000,
    summary: 'Assign a customer to a License Manager (then its 11.x clusters)',
  }),
  unassignCustomer: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-manager', 'customer-unassign'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id, customerId: id }),
    response: z.object({ id: z.string(), customerId: z.string() }),
    timeoutMs: 10_000,
    summary: 'Unassign a customer from its License Manager (refused while its clusters are assigned there)',
  }),
  assignClusters: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-manager', 'cluster-assign'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id, clusterIds: z.array(id).min(1).max(1000) }),
    response: z.object({ licenseManagerId: z.string(), jobs: z.array(clusterJobRefSchema) }),
    timeoutMs: 30_000,
    summary: 'Assign clusters (Unified CM, Unity Connection, Emergency Responder of 11.x or earlier) to PLM: one Assign Cluster to PLM job each',
  }),
  unassignClusters: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-manager', 'cluster-unassign'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id, clusterIds: z.array(id).min(1).max(1000) }),
    response: z.object({ licenseManagerId: z.string(), jobs: z.array(clusterJobRefSchema) }),
    timeoutMs: 30_000,
    summary: 'Unassign clusters from PLM: one Unassign Cluster from PLM job each',
  }),
  getLicenseMode: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-manager', 'license-mode-get'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id }),
    response: z.object({ id: z.string(), licenseMode: z.enum(LICENSE_MODES) }),
    timeoutMs: 45_000,
    summary: "A License Manager's license mode, read from PLM",
  }),
  setLicenseMode: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-manager', 'license-mode-set'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id, licenseMode: z.enum(LICENSE_MODES) }),
    response: z.object({ id: z.string(), licenseMode: z.enum(LICENSE_MODES), previousLicenseMode: z.enum(LICENSE_MODES) }),
    timeoutMs: PLM_LICENSE_MODE_TIMEOUT_MS + 5_000,
    summary: 'Change the license mode (HCS or Enterprise) of a standalone License Manager',
  }),
} as const;

/** The License Management Summary's states of a cluster's PLM assignment (null: not assigned). */
export const PLM_CLUSTER_STATUSES = ['Assigning', 'Assigned', 'Unassigning', 'Unassignment Failed'] as const;

export const licenseManagementClusterSchema = z.object({
  clusterId: z.string(),
  name: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  type: z.enum(CLUSTER_TYPES),
  version: z.string(),
  licenseManagerId: z.string().nullable(),
  licenseManager: z.string().nullable().describe('License Manager hostname'),
  status: z.enum(PLM_CLUSTER_STATUSES).nullable(),
  /** The latest PLM job of the cluster (Cluster Summary style). */
  job: z.object({ id: z.string(), jobType: z.string(), status: z.string(), statusInfo: z.string().nullable(), errorCode: z.string().nullable(), recommendedAction: z.string().nullable() }).nullable(),
});
export type LicenseManagementCluster = z.infer<typeof licenseManagementClusterSchema>;

export const licenseManagementClusterFilterSchema = z.object({
  customerId: z.string().min(1).max(128).optional(),
  type: z.enum(CLUSTER_TYPES).optional().describe('Application type'),
  status: z.enum(PLM_CLUSTER_STATUSES).optional(),
  licenseManagerId: z.string().min(1).max(128).optional(),
  ...page,
});

export const PLM_COMPLIANCE = ['Compliant', 'Insufficient'] as const;

export const licenseManagerSummarySchema = z.object({
  licenseManager: licenseManagerSchema,
  readAt: z.string(),
  /** Compliant while every license type has as many installed as its clusters require. */
  compliance: z.enum(PLM_COMPLIANCE),
  licenses: z.array(plmLicenseSchema.extend({ status: z.enum(PLM_COMPLIANCE) })),
  customers: z.array(z.object({ customerId: z.string(), customerName: z.string().nullable(), clusters: z.number().int().nonnegative() })),
});
export type LicenseManagerSummary = z.infer<typeof licenseManagerSummarySchema>;

export const licenseManagementCustomerSchema = z.object({
  customerId: z.string(),
  customerName: z.string().nullable(),
  licenseManagerId: z.string(),
  licenseManager: z.string(),
  clusters: z.number().int().nonnegative(),
});

/** registration's License Management Summary. */
export const LicenseManagementCommands = {
  listClusters: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-management', 'cluster-list'),
    service: REGISTRATION_SERVICE,
    request: licenseManagementClusterFilterSchema,
    response: z.object({ total: z.number().int(), items: z.array(licenseManagementClusterSchema) }),
    timeoutMs: 10_000,
    summary: 'License Management Summary: clusters assigned to a License Manager, or of a customer assigned to one; filter, page',
  }),
  listCustomers: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-management', 'customer-list'),
    service: REGISTRATION_SERVICE,
    request: z.object({ licenseManagerId: z.string().min(1).max(128).optional(), ...page }),
    response: z.object({ total: z.number().int(), items: z.array(licenseManagementCustomerSchema) }),
    timeoutMs: 10_000,
    summary: 'License Management Summary per customer: its License Manager and clusters assigned there',
  }),
  summary: defineCommand({
    subject: commandSubject(REGISTRATION_SERVICE, 'license-management', 'summary'),
    service: REGISTRATION_SERVICE,
    request: z.object({ id }),
    response: licenseManagerSummarySchema,
    timeoutMs: 45_000,
    summary: "One License Manager's license types (installed, required, available, status), compliance and customers, read from PLM",
  }),
} as const;
