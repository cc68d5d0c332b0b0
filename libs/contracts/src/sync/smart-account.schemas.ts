import { z } from 'zod';
import { catalogueEntry } from '../errors/catalogue.js';
import { SMARTLIC_ERROR_CODES } from '../errors/smartlic-codes.js';

/** Transport modes of a smart account (guide: "Configure Smart Account Access", table 2). */
export const SMART_ACCOUNT_TRANSPORT_MODES = ['Direct', 'Proxy', 'Satellite'] as const;
export type TransportMode = (typeof SMART_ACCOUNT_TRANSPORT_MODES)[number];

/** Smart Account Summary "Type": a CSSM smart account, or a satellite (SSM On-Prem) local account. */
export const SMART_ACCOUNT_TYPES = ['CSSM', 'Satellite'] as const;
export type SmartAccountType = (typeof SMART_ACCOUNT_TYPES)[number];

export const smartAccountTypeOf = (mode: TransportMode): SmartAccountType => (mode === 'Satellite' ? 'Satellite' : 'CSSM');

/** Cisco's authentication gateway and CSSM server, shown on the Direct and Proxy pages (cisco-interfaces.md §1.1). */
export const DEFAULT_AUTHENTICATION_GATEWAY = 'https://id.cisco.com/oauth2/default/v1/token';
export const DEFAULT_CSSM_SERVER = 'https://swapi.cisco.com/services/api/smart-accounts-and-licensing';

/** Satellite registration URL paths per satellite version (guide, table 5). */
export const SATELLITE_REGISTRATION_PATHS = ['/SmartTransport', '/Transportgateway/services/DeviceRequestHandler'] as const;

const PORT_RULE = 'must be an integer between 1 and 65535';
const isHttpUrl = (text: string): boolean => {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
};

/** True when `text` is a satellite registration URL of one of the documented forms. */
export const isSatelliteRegistrationUrl = (text: string): boolean => {
  if (!isHttpUrl(text)) return false;
  const path = new URL(text).pathname.replace(/\/+$/, '').toLowerCase();
  return SATELLITE_REGISTRATION_PATHS.some((p) => p.toLowerCase() === path);
};

const caa1079 = (() => {
  const entry = catalogueEntry('CAA1079');
  return `${entry.code}: ${entry.message}. ${entry.recommendedAction} (expected https://<satellite>/SmartTransport or https://<satellite>/Transportgateway/services/DeviceRequestHandler)`;
})();

export const hostSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(253, 'must be at most 253 characters')
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]+:[0-9A-Fa-f:.]*|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)$/, 'must be a hostname or an IP address');
export const portSchema = z.number({ error: PORT_RULE }).int(PORT_RULE).min(1, PORT_RULE).max(65_535, PORT_RULE);
const httpUrlSchema = z.string().trim().max(2048).refine(isHttpUrl, 'must be an http:// or https:// URL');
const vaNameSchema = z.string().trim().min(1, 'is required').max(200);

export const smartAccountProxySchema = z
  .object({
    host: hostSchema.describe('Proxy Hostname/IP'),
    port: portSchema.describe('Proxy Port'),
    username: z.string().min(1).max(200).optional().describe('Proxy Username (Enable Proxy Authentication)'),
    password: z.string().min(1).max(1000).optional().describe('Proxy Password: write only, stored encrypted'),
  })
  .strict();

export const smartAccountSatelliteSchema = z
  .object({
    host: hostSchema.describe('Satellite Hostname'),
    port: portSchema.describe('Satellite Port'),
    registrationUrl: z.string().trim().max(2048).refine(isSatelliteRegistrationUrl, caa1079).describe('Registration URL for the satellite version'),
    tokenUrl: httpUrlSchema.describe('Token URL, e.g. https://<satellite>:8443/backend/oauth/token; the On-Prem API is on the same origin'),
    localAccount: z.string().trim().min(1, 'is required').max(253).describe('Local Account Domain Name'),
  })
  .strict();

export const operationalLicensesSchema = z
  .object({
    opted: z.boolean().default(false).describe('Operational licenses opted (Direct or Proxy smart accounts)'),
    orderedVirtualAccount: vaNameSchema.nullish().describe('Ordered VA, e.g. va-hcs-ordered'),
    operationalVirtualAccount: vaNameSchema.nullish().describe('Operational VA, e.g. va-hcs-operational'),
    autoRegistration: z.boolean().default(false).describe('Enable Auto Registration to the operational VA'),
  })
  .strict();
export type OperationalLicenses = z.infer<typeof operationalLicensesSchema>;

const configShape = {
  name: z.string().trim().min(1).max(200).optional().describe('Smart Account Name (optional)'),
  domain: z
    .string()
    .trim()
    .max(253)
    .regex(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/, 'must be a domain name such as example.com')
    .optional()
    .describe('Smart Account Domain Name (CSSM); a Satellite account uses satellite.localAccount'),
  clientId: z.string().trim().min(1, 'is required').max(500).describe('Client ID of the API client'),
  clientSecret: z.string().min(1, 'is required').max(4096).describe('Client Secret: write only, stored encrypted'),
  transportMode: z
    .enum(SMART_ACCOUNT_TRANSPORT_MODES)
    .optional()
    .describe('Direct, Proxy or Satellite; absent: the account follows the global Transport Mode (mode, proxy, authentication gateway, CSSM server)'),
  authenticationGateway: httpUrlSchema.optional().describe('Authentication Gateway (Direct/Proxy); defaults to the global transport mode page'),
  cssmServer: httpUrlSchema.optional().describe('CSSM Server (Direct/Proxy); defaults to the global transport mode page'),
  proxy: smartAccountProxySchema.optional().describe('Required when transportMode is Proxy'),
  satellite: smartAccountSatelliteSchema.optional().describe('Required when transportMode is Satellite'),
  operationalLicenses: operationalLicensesSchema.optional(),
  syncIntervalSeconds: z.number().int().min(1).max(30 * 86_400).optional().describe('Scheduled sync interval; 86400 (24 h) by default'),
};

type ConfigInput = {
  transportMode?: TransportMode | undefined;
  domain?: string | undefined;
  proxy?: unknown;
  satellite?: unknown;
  authenticationGateway?: string | undefined;
  cssmServer?: string | undefined;
  operationalLicenses?: OperationalLicenses | undefined;
};

/** The cross-field rules of the Configure Smart Account Access page, each issue naming its field. */
const configRules = (v: ConfigInput, ctx: z.RefinementCtx): void => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (v.transportMode === 'Proxy' && !v.proxy) issue(['proxy'], 'is required when transportMode is Proxy (host and port)');
  if (v.transportMode !== 'Proxy' && v.proxy) issue(['proxy'], 'is allowed only when transportMode is Proxy');
  if (v.transportMode === 'Satellite' && !v.satellite) issue(['satellite'], 'is required when transportMode is Satellite (host, port, registrationUrl, tokenUrl, localAccount)');
  if (v.transportMode !== 'Satellite' && v.satellite) issue(['satellite'], 'is allowed only when transportMode is Satellite');
  if (v.transportMode !== 'Satellite' && !v.domain) issue(['domain'], 'is required for a CSSM smart account (transport mode Direct or Proxy)');
  if (v.transportMode === 'Satellite') {
    if (v.authenticationGateway) issue(['authenticationGateway'], 'is not used in Satellite mode: set satellite.tokenUrl');
    if (v.cssmServer) issue(['cssmServer'], 'is not used in Satellite mode: the On-Prem API is on the token URL origin');
  }
  if (v.transportMode === undefined) {
    const inherited = 'comes from the global Transport Mode when transportMode is absent: set transportMode to give the account its own transport';
    if (v.authenticationGateway) issue(['authenticationGateway'], inherited);
    if (v.cssmServer) issue(['cssmServer'], inherited);
  }
  const ol = v.operationalLicenses;
  if (!ol) return;
  if (v.transportMode === 'Satellite') {
    if (ol.opted) issue(['operationalLicenses', 'opted'], 'operational licenses are opted on a Direct or Proxy smart account, not on a satellite account');
    if (ol.orderedVirtualAccount) issue(['operationalLicenses', 'orderedVirtualAccount'], 'is not used for a satellite account');
  } else {
    if (ol.autoRegistration && !ol.opted) issue(['operationalLicenses', 'autoRegistration'], 'needs operational licenses (opted: true)');
    if (ol.opted && !ol.orderedVirtualAccount) issue(['operationalLicenses', 'orderedVirtualAccount'], 'is required when operational licenses are opted');
    if (ol.opted && !ol.operationalVirtualAccount) issue(['operationalLicenses', 'operationalVirtualAccount'], 'is required when operational licenses are opted');
    if (ol.orderedVirtualAccount && ol.orderedVirtualAccount === ol.operationalVirtualAccount)
      issue(['operationalLicenses', 'operationalVirtualAccount'], 'must differ from the ordered virtual account');
  }
  if (ol.autoRegistration && !ol.operationalVirtualAccount) issue(['operationalLicenses', 'operationalVirtualAccount'], 'is required when autoRegistration is enabled');
};

/** Body of "Configure Smart Account Access" (create). */
export const smartAccountConfigSchema = z.object(configShape).strict().superRefine(configRules);
export type SmartAccountConfig = z.infer<typeof smartAccountConfigSchema>;

/** Body of an edit: the same page; an omitted clientSecret or proxy password keeps the stored one. */
export const smartAccountUpdateSchema = z
  .object({ ...configShape, clientSecret: configShape.clientSecret.optional() })
  .strict()
  .superRefine(configRules);
export type SmartAccountUpdate = z.infer<typeof smartAccountUpdateSchema>;

/**
 * The global Transport Mode page: how HCM-F reaches CSSM for every smart account configured without a transport of its
 * own (they follow it, also when it changes), and the authentication gateway and CSSM server offered to the others.
 */
export const transportModeSettingsSchema = z
  .object({
    transportMode: z.enum(['Direct', 'Proxy']).describe('Direct or Proxy'),
    authenticationGateway: httpUrlSchema.optional(),
    cssmServer: httpUrlSchema.optional(),
    proxy: smartAccountProxySchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.transportMode === 'Proxy' && !v.proxy) ctx.addIssue({ code: 'custom', path: ['proxy'], message: 'is required when transportMode is Proxy (host and port)' });
    if (v.transportMode !== 'Proxy' && v.proxy) ctx.addIssue({ code: 'custom', path: ['proxy'], message: 'is allowed only when transportMode is Proxy' });
  });
export type TransportModeSettings = z.infer<typeof transportModeSettingsSchema>;

const proxyView = z.object({ host: z.string(), port: z.number().int(), username: z.string().nullable(), passwordSet: z.boolean() });
const satelliteView = z.object({ host: z.string(), port: z.number().int(), registrationUrl: z.string(), tokenUrl: z.string(), localAccount: z.string() });

export const transportModeViewSchema = z.object({
  transportMode: z.enum(['Direct', 'Proxy']),
  authenticationGateway: z.string(),
  cssmServer: z.string(),
  proxy: proxyView.nullable(),
  updatedAt: z.string().nullable(),
});
export type TransportModeView = z.infer<typeof transportModeViewSchema>;

export const SYNC_STATUSES = ['Never Synced', 'In Progress', 'Succeeded', 'Failed'] as const;

/** A smart account as the API shows it: a Smart Account Summary row plus its settings. Never a secret. */
export const smartAccountViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string(),
  type: z.enum(SMART_ACCOUNT_TYPES),
  status: z.enum(['Active', 'Inactive']).describe('As CSSM reports the account; Inactive until the first successful sync'),
  transportMode: z.enum(SMART_ACCOUNT_TRANSPORT_MODES),
  transportInherited: z.boolean().describe('The account follows the global Transport Mode (configured without a transport of its own)'),
  authenticationGateway: z.string().nullable(),
  cssmServer: z.string().nullable(),
  proxy: proxyView.nullable(),
  satellite: satelliteView.nullable(),
  clientId: z.string(),
  clientSecretSet: z.boolean(),
  operationalLicenses: z.object({
    opted: z.boolean(),
    orderedVirtualAccount: z.string().nullable(),
    operationalVirtualAccount: z.string().nullable(),
    autoRegistration: z.boolean(),
  }),
  syncIntervalSeconds: z.number().int(),
  virtualAccounts: z.number().int().describe('VA#'),
  lastSyncAt: z.string().nullable().describe('Last SyncUp'),
  lastSyncStatus: z.enum(SYNC_STATUSES),
  nextSyncAt: z.string().nullable(),
  alerts: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SmartAccountView = z.infer<typeof smartAccountViewSchema>;

/** A row of the Virtual Account Summary. */
export const virtualAccountViewSchema = z.object({
  id: z.string(),
  smartAccountId: z.string(),
  smartAccountName: z.string().describe('SA Name'),
  smartAccountType: z.enum(SMART_ACCOUNT_TYPES),
  name: z.string(),
  description: z.string(),
  accessLevel: z.string(),
  isDefault: z.boolean(),
  clusters: z.number().int().describe('Clusters #'),
  customers: z.number().int().describe('Customer#'),
  removed: z.boolean().describe('No longer in CSSM since the last sync'),
  syncedAt: z.string(),
});
export type VirtualAccountView = z.infer<typeof virtualAccountViewSchema>;

export const licenseLineDetailSchema = z.object({
  licenseType: z.string().describe('TERM, PERPETUAL, DEMO, ...'),
  quantity: z.number().int(),
  subscriptionId: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  status: z.string().describe('Active, Cancelled, Expired, Future'),
});

/** One license line of a virtual account, as CSSM reports it. */
export const licenseLineSchema = z.object({
  license: z.string(),
  quantity: z.number().int(),
  inUse: z.number().int(),
  available: z.number().int(),
  status: z.string().describe('e.g. In Compliance, Out of Compliance'),
  billingType: z.string().nullable(),
  licenseDetails: z.array(licenseLineDetailSchema),
});
export type LicenseLine = z.infer<typeof licenseLineSchema>;

export const subscriptionSchema = z.object({
  subscriptionId: z.string(),
  smartAccountId: z.string(),
  virtualAccount: z.string(),
  license: z.string(),
  quantity: z.number().int(),
  licenseType: z.string().describe('TERM, PERPETUAL, ...'),
  billingType: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  status: z.string(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

export const syncCountsSchema = z.object({
  virtualAccounts: z.number().int(),
  virtualAccountsRemoved: z.number().int(),
  licenses: z.number().int(),
  subscriptions: z.number().int(),
  subscriptionsRemoved: z.number().int(),
  tokens: z.number().int(),
  cssmCalls: z.number().int(),
});
export type SyncCounts = z.infer<typeof syncCountsSchema>;

export const SYNC_TRIGGERS = ['save', 'on-demand', 'schedule'] as const;

/** A Smart Account Sync job: HCM-F's job fields plus what the sync did. */
export const syncJobViewSchema = z.object({
  id: z.string(),
  smartAccountId: z.string(),
  jobType: z.literal('Smart Account Sync'),
  entityType: z.literal('Smart Account'),
  entityName: z.string(),
  trigger: z.enum(SYNC_TRIGGERS),
  status: z.enum(['Queued', 'In Progress', 'Succeeded', 'Failed', 'Cancelled']),
  description: z.string(),
  statusInfo: z.string().nullable(),
  errorCode: z.string().nullable(),
  recommendedAction: z.string().nullable(),
  errorDetails: z.record(z.string(), z.unknown()).nullable(),
  counts: syncCountsSchema.nullable(),
  durationMs: z.number().int().nullable(),
  initiatedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type SyncJobView = z.infer<typeof syncJobViewSchema>;

/** sync's own refusals (no guide code exists for them), from the error catalogue: all of kind `conflict`. */
export const SYNC_ERROR_CODES = {
  transportChangeRefused: SMARTLIC_ERROR_CODES.SYNC_TRANSPORT_CHANGE_REFUSED,
  smartAccountExists: SMARTLIC_ERROR_CODES.SYNC_SMART_ACCOUNT_EXISTS,
  smartAccountInUse: SMARTLIC_ERROR_CODES.SYNC_SMART_ACCOUNT_IN_USE,
  /** Operational licenses (or satellite auto-registration) are already on for another smart account. */
  operationalLicensesTaken: SMARTLIC_ERROR_CODES.SYNC_OPERATIONAL_LICENSES_TAKEN,
} as const;
