import { z } from 'zod';
import { jobSchema, JOB_STATUSES } from '../events/job.events.js';
import { commandSubject } from '../messaging/subjects.js';
import { defineCommand } from './command-definition.js';

export const REPORTING_SERVICE = 'reporting';

/** License models of the Subscription Mapper (guide: "Subscription Mapper", field "License Model"). */
export const LICENSE_MODELS = ['Perpetual', 'Named User', 'Named User + Perpetual', 'Enterprise Agreement'] as const;
export type LicenseModel = (typeof LICENSE_MODELS)[number];

/** Reports reporting produces (guide: "Smart Licensing Reports", "Request or Download Flex Usage Report"). */
export const REPORT_TYPES = ['service-inventory', 'hlm-csv', 'hlm-xlsx', 'flex-usage'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

/** Customer shown for perpetual licenses: "All perpetual licenses are automatically mapped to the provider." */
export const PROVIDER_CUSTOMER = 'Provider';

export const subscriptionLicenseSchema = z.object({
  license: z.string(),
  quantity: z.number().int(),
  licenseType: z.string().describe('TERM or PERPETUAL'),
  smartAccountId: z.string(),
  virtualAccount: z.string(),
  /**
   * Licenses of this line consumed by the customer the subscription is mapped to, as the Flex Usage report attributes
   * them (above `quantity`: true forward); null when nothing is attributed to it (subscription not mapped to a
   * customer, perpetual, or a line outside the ordered virtual account).
   */
  consumed: z.number().int().nullable().default(null),
});

/** One row of the Subscription Mapper page. */
export const subscriptionMapperRowSchema = z.object({
  subscriptionId: z.string(),
  licenseDetails: z.array(subscriptionLicenseSchema).describe('License types, quantities ordered and consumed of the subscription'),
  /** The guide's "License Details": the number of licenses consumed by the subscription; null when not mapped to a customer. */
  licensesConsumed: z.number().int().nullable().default(null),
  licenseCount: z.number().int(),
  startDate: z.string().nullable().describe('Flex (term) subscriptions only'),
  endDate: z.string().nullable().describe('Flex (term) subscriptions only'),
  customerId: z.string().nullable(),
  customerName: z.string().nullable().describe(`"${PROVIDER_CUSTOMER}" for perpetual licenses`),
  licenseModel: z.enum(LICENSE_MODELS).nullable(),
  perpetual: z.boolean(),
});
export type SubscriptionMapperRow = z.infer<typeof subscriptionMapperRowSchema>;

export const subscriptionListRequestSchema = z.object({
  expiringWithinDays: z.number().int().min(0).max(3650).optional().describe('Only subscriptions whose end date falls within N days from today'),
  customerId: z.string().min(1).optional(),
  sort: z.enum(['endDate', 'subscriptionId']).default('endDate'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});

export const subscriptionMapRequestSchema = z.object({
  subscriptionId: z.string().min(1),
  customerId: z.string().min(1),
  licenseModel: z.enum(LICENSE_MODELS),
});
export type SubscriptionMapRequest = z.infer<typeof subscriptionMapRequestSchema>;

export const REPORT_RUN_STATUSES = JOB_STATUSES;

/** A report generated as a job; its content is downloaded in chunks (`report.chunk.get`). */
export const reportRunSchema = z.object({
  id: z.string(),
  type: z.enum(REPORT_TYPES),
  status: z.enum(REPORT_RUN_STATUSES),
  fileName: z.string(),
  contentType: z.string(),
  bytes: z.number().int().nullable(),
  chunks: z.number().int().nullable(),
  requestedAt: z.string(),
  completedAt: z.string().nullable(),
  errorCode: z.string().nullable(),
  statusInfo: z.string().nullable(),
});
export type ReportRun = z.infer<typeof reportRunSchema>;

export const sftpServerSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  password: z.string().min(1).optional().describe('Write-only; stored encrypted'),
  privateKey: z.string().min(1).optional().describe('PEM/OpenSSH private key; write-only; stored encrypted'),
  directory: z.string().min(1).default('.'),
});
export type SftpServer = z.infer<typeof sftpServerSchema>;

export const reportDeliveryRequestSchema = z.object({
  primary: sftpServerSchema.refine((s) => s.password || s.privateKey, { message: 'password or privateKey is required' }),
  backup: sftpServerSchema.refine((s) => s.password || s.privateKey, { message: 'password or privateKey is required' }).optional(),
  reportTypes: z.array(z.enum(REPORT_TYPES)).min(1),
  intervalMinutes: z.number().int().min(5).max(7 * 24 * 60).describe('Schedule: deliver every N minutes'),
  enabled: z.boolean().default(true),
});

const sftpServerViewSchema = z.object({ host: z.string(), port: z.number().int(), username: z.string(), directory: z.string(), authentication: z.enum(['password', 'privateKey']) });
export const reportDeliveryViewSchema = z.object({
  primary: sftpServerViewSchema,
  backup: sftpServerViewSchema.nullable(),
  reportTypes: z.array(z.enum(REPORT_TYPES)),
  intervalMinutes: z.number().int(),
  enabled: z.boolean(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  lastResult: z.string().nullable(),
});

export const reportDeliveryResultSchema = z.object({
  server: z.enum(['primary', 'backup']),
  host: z.string(),
  files: z.array(z.string()),
  primaryError: z.string().nullable(),
});

const licenseFigures = {
  entitlement: z.number().int(),
  consumption: z.number().int(),
  headroom: z.number().int(),
  compliance: z.enum(['In Compliance', 'Out of Compliance']),
};
/** Where a row's licenses come from: a virtual account (smart licensing) or a Prime License Manager. */
export const LICENSED_BY = ['Smart', 'PLM'] as const;
/**
 * One dashboard row. At the virtual-account level a row is a license manager: a virtual account (`licensedBy: Smart`,
 * name `VA@SA`) or a PLM (`licensedBy: PLM`, name its hostname, entitlement its installed licenses, consumption what
 * its clusters require). At the customer level a customer has a Smart row and, when PLM licenses some of its
 * clusters, one PLM row per PLM: its consumption there, with the PLM's available licenses as headroom (a PLM's
 * licenses are one pool for all its customers).
 */
export const dashboardRowSchema = z.object({
  level: z.enum(['virtual-account', 'customer']),
  id: z.string(),
  name: z.string(),
  licensedBy: z.enum(LICENSED_BY),
  ...licenseFigures,
  subscriptionsExpiringSoon: z.number().int(),
  licenses: z.array(z.object({ license: z.string(), ...licenseFigures })),
});

/** The dashboard's totals for one kind of licensing: its rows and their summed figures. */
export const dashboardTotalSchema = z.object({ items: z.number().int(), entitlement: z.number().int(), consumption: z.number().int(), headroom: z.number().int() });

/** The scopes of the License Dashboard and of its history. */
export const DASHBOARD_LEVELS = ['virtual-account', 'customer'] as const;

const historyFigures = { purchased: z.number().int(), consumed: z.number().int() };
/**
 * One day of a scope's license history: purchased and consumed summed over its licenses, and per license, as the last
 * change of that day left them (a virtual account: CSSM's quantity and in-use count at a license snapshot; a customer:
 * ordered through the Subscription Mapper and consumed by its clusters at a usage report). Days without a change
 * have no point.
 */
export const licenseHistoryPointSchema = z.object({
  day: z.string().describe('YYYY-MM-DD (UTC)'),
  ...historyFigures,
  licenses: z.array(z.object({ license: z.string(), ...historyFigures })),
});

/** A customer reporting knows (from registration's inventory events). */
export const customerSummarySchema = z.object({ id: z.string(), name: z.string() });

export const unifiedJobListRequestSchema = z.object({
  service: z.string().min(1).optional(),
  status: z.enum(JOB_STATUSES).optional(),
  entityType: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});

export const ReportingCommands = {
  listSubscriptions: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'subscription', 'list'),
    service: REPORTING_SERVICE,
    request: subscriptionListRequestSchema,
    response: z.object({ total: z.number().int(), items: z.array(subscriptionMapperRowSchema) }),
    timeoutMs: 10_000,
    summary: 'Subscription Mapper: subscriptions with license details, dates, customer and license model',
  }),
  mapSubscription: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'subscription', 'map'),
    service: REPORTING_SERVICE,
    request: subscriptionMapRequestSchema,
    response: subscriptionMapperRowSchema,
    timeoutMs: 10_000,
    summary: 'Map a subscription ID to one customer with a license model',
  }),
  unmapSubscription: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'subscription', 'unmap'),
    service: REPORTING_SERVICE,
    request: z.object({ subscriptionId: z.string().min(1) }),
    response: subscriptionMapperRowSchema,
    timeoutMs: 10_000,
    summary: 'Remove the customer mapping of a subscription ID',
  }),
  requestReport: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'report', 'request'),
    service: REPORTING_SERVICE,
    request: z.object({ type: z.enum(REPORT_TYPES) }),
    response: reportRunSchema,
    timeoutMs: 10_000,
    summary: 'Generate a report as a job',
  }),
  getReport: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'report', 'get'),
    service: REPORTING_SERVICE,
    request: z.object({ id: z.string().uuid() }),
    response: reportRunSchema,
    timeoutMs: 10_000,
    summary: 'A report run and its status',
  }),
  listReports: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'report', 'list'),
    service: REPORTING_SERVICE,
    request: z.object({ limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0) }),
    response: z.object({ total: z.number().int(), items: z.array(reportRunSchema) }),
    timeoutMs: 10_000,
    summary: 'Report runs, newest first',
  }),
  readReportChunk: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'report-chunk', 'get'),
    service: REPORTING_SERVICE,
    request: z.object({ id: z.string().uuid(), seq: z.number().int().min(0) }),
    response: z.object({ seq: z.number().int(), data: z.string().describe('base64'), last: z.boolean() }),
    timeoutMs: 10_000,
    summary: 'One chunk (at most 256 KiB) of a generated report, so that no one holds a whole report in memory',
  }),
  licenseDashboard: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'license-dashboard', 'get'),
    service: REPORTING_SERVICE,
    request: z.object({ level: z.enum(['virtual-account', 'customer']), expiringWithinDays: z.number().int().min(0).max(3650).default(30) }),
    response: z.object({
      level: z.enum(['virtual-account', 'customer']),
      items: z.array(dashboardRowSchema),
      /** Per kind of licensing; PLM figures count each PLM's pool once, whatever the level. */
      totals: z.object({ Smart: dashboardTotalSchema, PLM: dashboardTotalSchema }),
    }),
    timeoutMs: 30_000,
    summary: 'License dashboard: entitlement, consumption, headroom, compliance, subscriptions expiring soon, per virtual account or PLM (licensedBy Smart or PLM) or per customer, with totals per kind',
  }),
  licenseHistory: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'license-history', 'get'),
    service: REPORTING_SERVICE,
    request: z.object({
      level: z.enum(DASHBOARD_LEVELS),
      id: z.string().min(1).describe("The dashboard row's id: smartAccountId/virtualAccount, or the customer id"),
      days: z.number().int().min(1).max(3650).default(90),
    }),
    response: z.object({
      level: z.enum(DASHBOARD_LEVELS),
      id: z.string(),
      /** The scope's name at its last recorded day; null when nothing is recorded in the window. */
      name: z.string().nullable(),
      days: z.number().int(),
      points: z.array(licenseHistoryPointSchema),
    }),
    timeoutMs: 10_000,
    summary: 'License Dashboard history: purchased vs consumed per day of a virtual account or a customer, oldest first',
  }),
  listCustomers: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'customer', 'list'),
    service: REPORTING_SERVICE,
    request: z.object({
      name: z.string().min(1).max(200).optional().describe('Customers whose name contains this, case-insensitive'),
      limit: z.number().int().min(1).max(1000).default(100),
      offset: z.number().int().min(0).default(0),
    }),
    response: z.object({ total: z.number().int(), items: z.array(customerSummarySchema) }),
    timeoutMs: 10_000,
    summary: 'Customers reporting knows, by name',
  }),
  listJobs: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'job', 'list'),
    service: REPORTING_SERVICE,
    request: unifiedJobListRequestSchema,
    response: z.object({ total: z.number().int(), items: z.array(jobSchema) }),
    timeoutMs: 10_000,
    summary: 'Every service\'s jobs in one list, newest first (HCM-F: Administration > Jobs)',
  }),
  setReportDelivery: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'report-delivery', 'set'),
    service: REPORTING_SERVICE,
    request: reportDeliveryRequestSchema,
    response: reportDeliveryViewSchema,
    timeoutMs: 10_000,
    summary: 'Scheduled SFTP delivery of reports to a primary and optional backup server',
  }),
  getReportDelivery: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'report-delivery', 'get'),
    service: REPORTING_SERVICE,
    request: z.object({}),
    response: reportDeliveryViewSchema,
    timeoutMs: 10_000,
    summary: 'The SFTP delivery settings (no secrets)',
  }),
  runReportDelivery: defineCommand({
    subject: commandSubject(REPORTING_SERVICE, 'report-delivery', 'run'),
    service: REPORTING_SERVICE,
    request: z.object({}),
    response: reportDeliveryResultSchema,
    timeoutMs: 120_000,
    summary: 'Generate the scheduled reports and deliver them now',
  }),
};
