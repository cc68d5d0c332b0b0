import { z } from 'zod';
import { jmsTimeoutCode, type ErrorCode } from '../errors/catalogue.js';
import { APPLICATION_TYPES, LICENSE_MODES, type ApplicationType } from '../licensing/application-type.js';
import { commandSubject } from '../messaging/subjects.js';
import { defineCommand } from './command-definition.js';

/** The application adapter's service name on NATS (HCM-F's "CAA" services). */
export const CAA_SERVICE = 'caa';

/** Registration state of one node's smart agent, as the application reports it (Expressway registers per node). */
export const smartAgentNodeStatusSchema = z.object({
  hostname: z.string(),
  address: z.string(),
  registrationStatus: z.enum(['evaluation', 'registered', 'deregistered']),
  authorizationStatus: z.string().nullable(),
  smartAccount: z.string().nullable(),
  virtualAccount: z.string().nullable(),
});
export type SmartAgentNodeStatus = z.infer<typeof smartAgentNodeStatusSchema>;

export const smartAgentStatusSchema = z.object({
  clusterId: z.string(),
  applicationType: z.enum(APPLICATION_TYPES).nullable(),
  /**
   * 'unknown' until smartlic has read the state from the application. Expressway only: 'partially-registered' when
   * some nodes are registered and others not, 'multiple-virtual-accounts' when nodes are registered to several VAs.
   */
  registrationStatus: z.enum(['unknown', 'evaluation', 'registered', 'deregistered', 'partially-registered', 'multiple-virtual-accounts']),
  authorizationStatus: z.string().nullable(),
  smartAccount: z.string().nullable(),
  virtualAccount: z.string().nullable(),
  virtualAccounts: z.array(z.string()).default([]),
  registrationExpires: z.string().nullable(),
  authorizationExpires: z.string().nullable(),
  licenseMode: z.enum(LICENSE_MODES).nullable().default(null),
  /** Per node for Expressway; the publisher's agent for the other applications. */
  nodes: z.array(smartAgentNodeStatusSchema).default([]),
  known: z.boolean().describe('Whether app-adapter has this cluster in its endpoint inventory'),
  checkedAt: z.string().nullable(),
});
export type SmartAgentStatus = z.infer<typeof smartAgentStatusSchema>;

/** The CAA operations, one command subject per application type each. */
export const CAA_OPERATIONS = [
  'register',
  'deregister',
  'renew-id',
  'renew-auth',
  'transport.get',
  'transport.set',
  'status',
  'license-usage',
  'license-mode.get',
  'license-mode.set',
] as const;
export type CaaOperation = (typeof CAA_OPERATIONS)[number];

/** Subjects of the per-application-type CAA commands: `smartlic.cmd.caa.v1.<type>.<operation>`. */
export const caaCommandSubject = (applicationType: ApplicationType, operation: string): string =>
  commandSubject(CAA_SERVICE, applicationType, operation);

const clusterId = z.string().min(1).max(128);
const clusterRef = z.object({ clusterId });

/** Smart-agent transport mode (guide: "Transport Mode"): Direct to CSSM, through an HTTP(S) proxy, or Satellite. */
export const TRANSPORT_MODES = ['Direct', 'Proxy', 'Satellite'] as const;
export type TransportModeName = (typeof TRANSPORT_MODES)[number];

const transportFields = {
  mode: z.enum(TRANSPORT_MODES),
  proxy: z.object({ host: z.string().min(1).max(255), port: z.number().int().min(1).max(65535) }).optional(),
  satelliteUrl: z.string().min(1).max(2048).optional().describe('SSM On-Prem registration URL (mode Satellite)'),
};
const transportRules = (t: { mode: TransportModeName; proxy?: unknown; satelliteUrl?: string }, ctx: z.RefinementCtx) => {
  if (t.mode === 'Proxy' && !t.proxy) ctx.addIssue({ code: 'custom', path: ['proxy'], message: 'proxy {host, port} is required for mode Proxy' });
  if (t.mode === 'Satellite' && !t.satelliteUrl) ctx.addIssue({ code: 'custom', path: ['satelliteUrl'], message: 'satelliteUrl is required for mode Satellite' });
};

export const caaTransportSettingsSchema = z.object(transportFields).superRefine(transportRules);
/** transport.set request and transport.get / transport.set response. */
export const caaClusterTransportSettingsSchema = z.object({ clusterId, ...transportFields }).superRefine(transportRules);
export type CaaTransportSettings = z.infer<typeof caaTransportSettingsSchema>;
export type CaaClusterTransportSettings = z.infer<typeof caaClusterTransportSettingsSchema>;

/** What a register / deregister / renew command did, node by node (one node except Expressway). */
export const caaOperationResultSchema = z.object({
  clusterId: z.string(),
  applicationType: z.enum(APPLICATION_TYPES),
  operation: z.enum(CAA_OPERATIONS),
  nodes: z.array(z.object({ hostname: z.string(), address: z.string() })),
  /**
   * register and deregister: the smart agent's state read right after the operation, so the caller verifies it
   * without another command. Absent when that read failed (the operation itself succeeded): ask `status` then.
   */
  status: smartAgentStatusSchema.optional(),
});
export type CaaOperationResult = z.infer<typeof caaOperationResultSchema>;

export const licenseUsageSchema = z.object({
  license: z.string(),
  count: z.number().int().nonnegative(),
  status: z.string().nullable().default(null),
});

export const licenseUsageReportSchema = z.object({
  clusterId: z.string(),
  applicationType: z.enum(APPLICATION_TYPES),
  licenseMode: z.enum(LICENSE_MODES).nullable(),
  collectedAt: z.string(),
  /** License usage as the application reports it (HCS names in HCS mode, Enterprise names otherwise). */
  usage: z.array(licenseUsageSchema),
});
export type LicenseUsageReport = z.infer<typeof licenseUsageReportSchema>;

/** At most this many failed clusters are named in a collection's answer (the others are counted and logged). */
export const MAX_COLLECTION_FAILURES_LISTED = 100;

/** What a license usage collection did for one application type: every registered cluster, or the one asked for. */
export const licenseUsageCollectionSchema = z.object({
  applicationType: z.enum(APPLICATION_TYPES),
  clusters: z.number().int().nonnegative(),
  reported: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** The clusters whose usage could not be read, with the catalogue code (the first MAX_COLLECTION_FAILURES_LISTED). */
  failures: z.array(z.object({ clusterId: z.string(), code: z.string().nullable(), message: z.string() })).default([]),
});
export type LicenseUsageCollection = z.infer<typeof licenseUsageCollectionSchema>;

export const licenseModeStateSchema = z.object({
  clusterId: z.string(),
  /** The deployment mode the publisher reports (getDeploymentMode). */
  licenseMode: z.enum(LICENSE_MODES),
  /** True while a change was set but its publisher restart has not completed: the licensing still runs the old mode. */
  restartPending: z.boolean().default(false),
});
export type LicenseModeState = z.infer<typeof licenseModeStateSchema>;

export const licenseModeChangeSchema = z.object({
  clusterId: z.string(),
  /** The mode the publisher answered last: after its restart, or right after the set when the change did not take. */
  licenseMode: z.enum(LICENSE_MODES),
  previousLicenseMode: z.enum(LICENSE_MODES),
  /** True when the publisher restarted and answered again before the deadline. */
  rebooted: z.boolean(),
  rebootMs: z.number().int().nonnegative().nullable(),
  /** True when this request finished an earlier attempt cut short (app-adapter stopped between the set and the verify). */
  resumed: z.boolean().default(false),
});
export type LicenseModeChange = z.infer<typeof licenseModeChangeSchema>;

const command = <Req extends z.ZodType, Res extends z.ZodType>(type: ApplicationType, operation: string, request: Req, response: Res, summary: string, timeoutMs = 60_000) =>
  defineCommand({ subject: caaCommandSubject(type, operation), service: CAA_SERVICE, request, response, timeoutMs, summary });

/**
 * One definition per application type, built on first use and then reused: a zod schema compiles its parser on its
 * first parse, so a definition built per request would pay that compilation on every request.
 */
const perType = <C>(build: (type: ApplicationType) => C): ((type: ApplicationType) => C) => {
  const built = new Map<ApplicationType, C>();
  return (type) => {
    let definition = built.get(type);
    if (definition === undefined) built.set(type, (definition = build(type)));
    return definition;
  };
};

/**
 * CAA commands, per application type (`CaaCommands.register('cucm')`). Failures come back as catalogue errors
 * (`CAA1046` cannot connect, `CAA1035` bad credentials, `CAA1048` invalid token, `CAA1049` subscriber, ...); the
 * smart agent's REST errors keep the guide's mapping-table message and recommended action. When app-adapter does
 * not answer, map NoResponders / timeout with {@link caaJmsTimeoutCode}.
 */
export const CaaCommands = {
  register: perType((type) =>
    command(
      type,
      'register',
      z.object({
        clusterId,
        token: z.string().min(1).max(4096).describe('Product registration token (secret)'),
        force: z.boolean().default(false),
        nodes: z
          .array(z.string().min(1).max(255))
          .min(1)
          .max(64)
          .optional()
          .describe('Expressway: register only the agents of these nodes (host names), the rest of a registration cut short; default every agent'),
      }),
      caaOperationResultSchema,
      'Register the cluster smart agent with a product registration token (force = re-register)',
      120_000,
    )),
  deregister: perType((type) => command(type, 'deregister', clusterRef, caaOperationResultSchema, 'Deregister the cluster smart agent', 120_000)),
  renewId: perType((type) => command(type, 'renew-id', clusterRef, caaOperationResultSchema, 'Renew the registration (ID certificate)', 120_000)),
  renewAuth: perType((type) => command(type, 'renew-auth', clusterRef, caaOperationResultSchema, 'Renew the license authorization', 120_000)),
  getTransport: perType((type) =>
    command(type, 'transport.get', clusterRef, caaClusterTransportSettingsSchema, 'Transport settings of the smart agent')),
  setTransport: perType((type) =>
    command(type, 'transport.set', caaClusterTransportSettingsSchema, caaClusterTransportSettingsSchema, 'Change the smart agent transport settings (refused while registered: CAA1041)')),
  status: perType((type) =>
    command(
      type,
      'status',
      z.object({ clusterId, source: z.enum(['application', 'last-known']).default('application').describe('application: live read (default); last-known: the stored state, no call') }),
      smartAgentStatusSchema,
      'Registration and authorization state of a cluster smart agent',
      15_000,
    )),
  licenseUsage: perType((type) =>
    command(type, 'license-usage', clusterRef, licenseUsageReportSchema, 'License usage per license type, as the application reports it (also emitted as license-usage.reported)')),
  getLicenseMode: perType((type) =>
    command(
      type,
      'license-mode.get',
      clusterRef,
      licenseModeStateSchema,
      'License mode (HCS or Enterprise) of the cluster, and whether the publisher still owes the restart that applies a mode change',
    )),
  setLicenseMode: perType((type) =>
    command(
      type,
      'license-mode.set',
      z.object({ clusterId, mode: z.enum(LICENSE_MODES), rebootDeadlineMs: z.number().int().min(1_000).max(4 * 3_600_000).optional() }),
      licenseModeChangeSchema,
      'Change the license mode on the publisher and wait until it answers again after its reboot (pass timeoutMs > rebootDeadlineMs)',
      3_600_000,
    )),
  /**
   * Not one of HCM-F's CAA operations: the scheduled (daily) usage collection run now, for every registered cluster of
   * the type, or for one cluster (its failure is then the command's error). A request during a run joins it.
   */
  collectUsage: perType((type) =>
    command(
      type,
      'license-usage.collect',
      z.object({ clusterId: clusterId.optional().describe('One cluster of the type; every registered cluster when absent') }),
      licenseUsageCollectionSchema,
      'Collect the license usage of every registered cluster of the type, or of one cluster, now (emits license-usage.reported)',
      600_000,
    )),
};

/** The command of an operation, by its subject name. */
export const caaCommand = (type: ApplicationType, operation: CaaOperation) =>
  ({
    register: CaaCommands.register,
    deregister: CaaCommands.deregister,
    'renew-id': CaaCommands.renewId,
    'renew-auth': CaaCommands.renewAuth,
    'transport.get': CaaCommands.getTransport,
    'transport.set': CaaCommands.setTransport,
    status: CaaCommands.status,
    'license-usage': CaaCommands.licenseUsage,
    'license-mode.get': CaaCommands.getLicenseMode,
    'license-mode.set': CaaCommands.setLicenseMode,
  })[operation](type);

/**
 * The guide's JMS-timeout code when a CAA command got no answer (NoRespondersError / RequestTimeoutError):
 * register SLM1002, deregister SLM1011/SLM1021, transport SLM1018/SLM1023/SLM1024, license mode SLMCT1005. The
 * guide has no JMS code for status, usage and renew: they report CAA1001 ("Verify App specific adapter Service is
 * running").
 */
export const caaJmsTimeoutCode = (operation: CaaOperation, applicationType: ApplicationType): ErrorCode => {
  switch (operation) {
    case 'register':
      return jmsTimeoutCode('register', applicationType);
    case 'deregister':
      return jmsTimeoutCode('deregister', applicationType);
    case 'transport.get':
    case 'transport.set':
      return jmsTimeoutCode('transport', applicationType);
    case 'license-mode.get':
    case 'license-mode.set':
      return jmsTimeoutCode('license-mode', applicationType);
    default:
      return 'CAA1001';
  }
};
