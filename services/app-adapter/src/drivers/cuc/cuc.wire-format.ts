import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { hcsMappingForLicense, type CaaTransportSettings, type LicenseMode, type SmartAgentOperation } from '#libs/contracts';
import type { AgentNodeState, AgentTransportSettings, AgentUsage } from '../smart-agent.driver.js';

/**
 * WIRE FORMAT — Unity Connection 12.5(1)+, CUPI "Smart Licensing" (simulators/uc-apps/WIRE-FORMATS.md §3).
 *
 * Source [CUPI]: Cisco Unity Connection Provisioning Interface (CUPI) API for System Settings, sections "Smart
 * Licensing" and "Cluster" —
 * https://www.cisco.com/c/en/us/td/docs/voice_ip_comm/connection/REST-API/CUPI_API/b_CUPI-API/m-system-settings.html
 * Error rows [GUIDE]: HCS Smart Licensing Operation Guide 12.5, "Smart Licensing Error Code and Message Mapping"
 * (libs/contracts SMART_AGENT_REST_ERRORS).
 *
 * Paths (all [C] CUPI), HTTPS with the application administrator's HTTP Basic credentials [C CUPI overview], JSON
 * when asked with `Accept: application/json` (XML otherwise) [C CUPI: every example has an XML and a JSON form]:
 *   GET  /vmrest/smartlicense/transportsettings   → TransportSetting
 *   PUT  /vmrest/smartlicense/transportsettings   TransportSetting → 200 (the example shows the settings echoed)
 *   PUT  /vmrest/smartlicense/register            {token, force}  → 200
 *   PUT  /vmrest/smartlicense/deregister | renewAuth | renewID   (no body) → 200
 *   GET  /vmrest/smartlicense/licensedetails      → LicenseDetails
 *   GET  /vmrest/cluster                          → VmsServers (the cluster's servers; read only to tell a subscriber)
 * Errors: the guide's mapping rows give HTTP status, code and message [C GUIDE]. The body that carries them is CUPI's
 * general error document `{"errors":{"code","message"}}` (XML `<ErrorDetails><errors><code/><message/></errors>`)
 * [I: CUPI's error convention, not shown in the Smart Licensing section]; a flat `{"code","message"}` is read too.
 */
export const CUPI_SMART_LICENSE = '/vmrest/smartlicense';
export const CUPI_CLUSTER_PATH = '/vmrest/cluster';
export const CUPI_CREDENTIAL = 'admin' as const;
/** [C CUPI] examples request JSON with `Accept: application/json`; without it CUPI answers XML. */
export const CUPI_HEADERS = { accept: 'application/json' } as const;

export const cupiPath = (operation: SmartAgentOperation): string => `${CUPI_SMART_LICENSE}/${operation}`;

// CUPI's JSON examples carry every value as a string ("transportMode": "2", "Count": "1", "isPrivacyEnabled": "false").
const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const optionalText = text.optional();
const flag = z.union([z.boolean(), z.string(), z.number()]).transform((v) => v === true || v === 1 || String(v).toLowerCase() === 'true' || v === '1');
const blankToNull = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v.trim());
/** CUPI JSON has no root element; tolerate one (`{"LicenseDetails": {...}}`) as the XML form has. */
const unwrap = (root: string) => (value: unknown) =>
  typeof value === 'object' && value !== null && root in value ? (value as Record<string, unknown>)[root] : value;
/** CUPI JSON renders a one-element list as the element itself. */
const oneOrMany = <S extends z.ZodType>(item: S) => z.union([z.array(item), item.transform((i) => [i] as z.output<S>[])]);

// ---------------------------------------------------------------------------------------------------------------
// transportsettings [C CUPI]: transportMode, transportUrl, httpHost, httpPort, isPrivacyEnabled, and from
// 12.5(1)SU4 isProxyAuthReq, httpProxyUser, httpProxyPasswd (write only: a read never returns it, the PUT example
// echoes "****").
// transportMode numbers [C values 0-2: GUIDE row "valid Transport Mode within the range (0 - 2)"; the meaning of
// each number is [I]: CUPI lists the options in the order Direct Cloud Access, Mediated Access through an
// On-Premises Collector (satellite), Direct Cloud Access through an HTTPs Proxy, and its proxy example (mode 2)
// carries isProxyAuthReq/httpProxyUser].
// ---------------------------------------------------------------------------------------------------------------
export const CUPI_TRANSPORT_MODE = { Direct: 0, Satellite: 1, Proxy: 2 } as const;
/** Cisco's transport URL, the default of a Direct transport [C CUPI examples]. */
export const CUPI_DEFAULT_TRANSPORT_URL = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';

export const cupiTransportSchema = z.preprocess(
  unwrap('TransportSetting'),
  z
    .object({
      transportMode: z.coerce.number().int(),
      transportUrl: optionalText,
      httpHost: optionalText,
      httpPort: z.coerce.number().int().optional(),
      isPrivacyEnabled: flag.optional(),
      isProxyAuthReq: flag.optional(),
      httpProxyUser: optionalText,
    })
    .loose(),
);
export type CupiTransport = z.output<typeof cupiTransportSchema>;

/** The transport a CUPI TransportSetting describes; the proxy user and password never go upward. */
export const fromCupiTransport = (t: CupiTransport): CaaTransportSettings => {
  if (t.transportMode === CUPI_TRANSPORT_MODE.Proxy) return { mode: 'Proxy', proxy: { host: t.httpHost ?? '', port: t.httpPort ?? 0 } };
  if (t.transportMode === CUPI_TRANSPORT_MODE.Satellite) return { mode: 'Satellite', satelliteUrl: t.transportUrl ?? '' };
  return { mode: 'Direct' };
};

/**
 * The PUT body [C field names CUPI; values as strings like CUPI's JSON examples]. Direct sends Cisco's default
 * transport URL [C CUPI: `https://tools.cisco.com/its/service/oddce/services/DDCEService` in both examples]; a
 * proxy that asks for credentials sends isProxyAuthReq, httpProxyUser, httpProxyPasswd [C CUPI, 12.5(1)SU4+].
 */
export const cupiTransportBody = (s: AgentTransportSettings): string => {
  if (s.mode === 'Proxy') {
    const proxy = s.proxy ?? { host: '', port: 0 };
    const auth = proxy.username !== undefined && proxy.username !== '';
    return JSON.stringify({
      transportMode: String(CUPI_TRANSPORT_MODE.Proxy),
      httpHost: proxy.host,
      httpPort: String(proxy.port),
      isProxyAuthReq: String(auth),
      ...(auth ? { httpProxyUser: proxy.username, httpProxyPasswd: proxy.password ?? '' } : {}),
    });
  }
  if (s.mode === 'Satellite') return JSON.stringify({ transportMode: String(CUPI_TRANSPORT_MODE.Satellite), transportUrl: s.satelliteUrl ?? '' });
  return JSON.stringify({ transportMode: String(CUPI_TRANSPORT_MODE.Direct), transportUrl: CUPI_DEFAULT_TRANSPORT_URL });
};

/** What a transport PUT applied, without the proxy credentials (those never go upward). */
export const appliedTransport = (s: AgentTransportSettings): CaaTransportSettings =>
  s.mode === 'Proxy' ? { mode: 'Proxy', proxy: { host: s.proxy?.host ?? '', port: s.proxy?.port ?? 0 } } : s.mode === 'Satellite' ? { mode: 'Satellite', satelliteUrl: s.satelliteUrl ?? '' } : { mode: 'Direct' };

// ---------------------------------------------------------------------------------------------------------------
// register [C CUPI]: PUT {"token": "...", "force": "false"} — force "true" re-registers ("Reregistering the Unity
// Connection"). The JSON examples send force as a string.
// ---------------------------------------------------------------------------------------------------------------
export const cupiRegisterBody = (token: string, force: boolean): string => JSON.stringify({ token, force: String(force) });

// ---------------------------------------------------------------------------------------------------------------
// licensedetails [C CUPI]: SmartLicensing; Register {Status, SmartAccount, VirtualAccount, LastRenewalAttempt,
// NextRenewalAttempt, LastRegistrationSuccessTime, ProductUDI, ExportControlFunctionality}; Authorization {Status,
// LastCommunicationAttempt, NextCommunicationAttempt, EvaluationPeriodRemaining}; LicenseUsage.EntitlementTag[]
// {Id, Count, Status}. No license mode, no expiry dates, no publisher name.
// Values seen in CUPI's examples [C]: Register.Status "Registered", "Reservation In Progress"; Authorization.Status
// "Authorized", "Evaluation"; EntitlementTag.Status "InCompliance", "Eval"/"Evals", "Init"; dates
// "2018-05-23 13:17:19.0" (no zone), last attempts prefixed "SUCCEEDED ".
// ---------------------------------------------------------------------------------------------------------------
const entitlementTagSchema = z.object({ Id: text, Count: z.coerce.number().int().nonnegative(), Status: optionalText }).loose();

export const cupiLicenseDetailsSchema = z.preprocess(
  unwrap('LicenseDetails'),
  z
    .object({
      SmartLicensing: optionalText,
      Register: z
        .object({
          Status: text,
          SmartAccount: optionalText,
          VirtualAccount: optionalText,
          LastRenewalAttempt: optionalText,
          NextRenewalAttempt: optionalText,
          LastRegistrationSuccessTime: optionalText,
          ProductUDI: optionalText,
          ExportControlFunctionality: optionalText,
        })
        .loose(),
      Authorization: z
        .object({ Status: optionalText, LastCommunicationAttempt: optionalText, NextCommunicationAttempt: optionalText, EvaluationPeriodRemaining: optionalText })
        .loose()
        .optional(),
      // An empty element (no tag) comes back as "" or null.
      LicenseUsage: z
        .union([z.object({ EntitlementTag: oneOrMany(entitlementTagSchema).optional() }).loose(), z.literal(''), z.null()])
        .optional(),
    })
    .loose(),
);
export type CupiLicenseDetails = z.output<typeof cupiLicenseDetailsSchema>;

/** `regid.2020-06.com.cisco.CUC_BasicMessaging,14_74b6…` → `CUC_BasicMessaging` [C format: CUPI example Ids]. */
export const entitlementTagName = (id: string): string => /\.com\.cisco\.([^,]+)/.exec(id)?.[1] ?? id.trim();

/**
 * License mode from the entitlement tags [C CUPI table "deployment modes with corresponding Entitlement Tags":
 * Enterprise `CUC_*`, HCS `HCUC_*`, HCS-LE `HLECUC_*`]. CUPI's answer has no license mode field; smartlic knows
 * HCS and Enterprise only, so HCS-LE (or no tag, or tags of several modes) reads as unknown.
 */
export const licenseModeOfTags = (tags: readonly string[]): LicenseMode | null => {
  const modes = new Set(tags.map((t) => (t.startsWith('HLECUC_') ? 'HCS-LE' : t.startsWith('HCUC_') ? 'HCS' : t.startsWith('CUC_') ? 'Enterprise' : 'other')));
  if (modes.size !== 1) return null;
  const [mode] = modes;
  return mode === 'HCS' || mode === 'Enterprise' ? mode : null;
};

/**
 * smartlic's license name of a tag (libs/contracts licensing): an HCS tag the guide's Table 1 maps is named by its
 * HCS license (`HCUC_BasicMessaging` → "HCS Unity Connection Basic License", `HCUC_EnhancedMessaging` → "HCS Unity
 * Connection Standard License", as the reports' short types); Enterprise tags are smartlic's Enterprise names
 * already (`CUC_BasicMessaging`); any other tag keeps its own name.
 */
export const licenseNameOfTag = (tag: string): string => {
  const mapping = hcsMappingForLicense(tag);
  return mapping !== undefined && mapping.application === 'cuc' && mapping.reportLicenseType === tag ? mapping.hcsLicense : tag;
};

const tagsOf = (d: CupiLicenseDetails) => (typeof d.LicenseUsage === 'object' && d.LicenseUsage !== null ? (d.LicenseUsage.EntitlementTag ?? []) : []);

/** [I] "Registered" is registered; every other Register.Status (Unregistered, …Expired, …In Progress) is not. */
const isRegistered = (status: string): boolean => status.trim().toLowerCase() === 'registered';

export const nodeStateFromLicenseDetails = (d: CupiLicenseDetails, node: { hostname: string; address: string }): AgentNodeState => {
  const registered = isRegistered(d.Register.Status);
  return {
    hostname: node.hostname,
    address: node.address,
    registrationStatus: registered ? 'registered' : 'evaluation',
    authorizationStatus: blankToNull(d.Authorization?.Status),
    smartAccount: registered ? blankToNull(d.Register.SmartAccount) : null,
    virtualAccount: registered ? blankToNull(d.Register.VirtualAccount) : null,
    // CUPI reports attempts, not expiry dates.
    registrationExpires: null,
    authorizationExpires: null,
  };
};

export const licenseModeOfDetails = (d: CupiLicenseDetails): LicenseMode | null => licenseModeOfTags(tagsOf(d).map((t) => entitlementTagName(t.Id)));

/** Usage as smartlic's license names; tags counting 0 ("Init": not in use) are left out. */
export const usageFromLicenseDetails = (d: CupiLicenseDetails): AgentUsage => ({
  licenseMode: licenseModeOfDetails(d),
  usage: tagsOf(d)
    .filter((t) => t.Count > 0)
    .map((t) => ({ license: licenseNameOfTag(entitlementTagName(t.Id)), count: t.Count, status: blankToNull(t.Status) })),
});

// ---------------------------------------------------------------------------------------------------------------
// cluster [C CUPI "Cluster": GET /vmrest/cluster → VmsServers/VmsServer {ServerName, IpAddress, ClusterMemberId,
// ServerState, HostName, ServerDisplayState, ...}; values 0-Primary / 1-Secondary — their field, ClusterMemberId,
// is [I] (the table lost its first column; the order of the fields matches)]. Names may carry spaces (" qa-ks-vm-279").
// ---------------------------------------------------------------------------------------------------------------
const vmsServerSchema = z.object({ ServerName: optionalText, IpAddress: optionalText, HostName: optionalText, ClusterMemberId: z.coerce.number().int().optional() }).loose();
export const cupiClusterSchema = z.preprocess(unwrap('VmsServers'), z.object({ VmsServer: oneOrMany(vmsServerSchema).optional() }).loose());
export type CupiCluster = z.output<typeof cupiClusterSchema>;

/** The cluster's publisher (ClusterMemberId 0), when the answer names one. */
export const publisherOfCluster = (c: CupiCluster): { name: string; address: string | null } | undefined => {
  const publisher = (c.VmsServer ?? []).find((s) => s.ClusterMemberId === 0);
  if (!publisher) return undefined;
  const name = blankToNull(publisher.ServerName) ?? blankToNull(publisher.HostName);
  return name === null ? undefined : { name, address: blankToNull(publisher.IpAddress) };
};

/** Whether `node` is the server the cluster answer names (by address, host name or its first label). */
export const isSameServer = (node: { hostname: string; address: string }, server: { name: string; address: string | null }): boolean => {
  const lower = (v: string) => v.trim().toLowerCase();
  const label = (v: string) => lower(v).split('.')[0];
  if (server.address !== null && lower(server.address) === lower(node.address)) return true;
  return lower(server.name) === lower(node.hostname) || label(server.name) === label(node.hostname);
};

// ---------------------------------------------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------------------------------------------
const xml = new XMLParser({ parseTagValue: false });

/** The `{code, message}` of an error answer: CUPI's `errors` document (JSON or XML), a flat object, or raw text. */
export const cupiErrorText = (body: string): { message: string; code?: string } => {
  const pick = (o: unknown): { message: string; code?: string } | undefined => {
    if (typeof o !== 'object' || o === null) return undefined;
    const r = o as Record<string, unknown>;
    const inner = (typeof r.errors === 'object' && r.errors !== null ? (Array.isArray(r.errors) ? r.errors[0] : r.errors) : r) as Record<string, unknown>;
    if (typeof inner?.message !== 'string') return undefined;
    return typeof inner.code === 'string' ? { message: inner.message, code: inner.code } : { message: inner.message };
  };
  try {
    const found = pick(JSON.parse(body));
    if (found) return found;
  } catch {
    if (body.trimStart().startsWith('<') && XMLValidator.validate(body) === true) {
      const found = pick((xml.parse(body) as { ErrorDetails?: unknown }).ErrorDetails);
      if (found) return found;
    }
  }
  return { message: body.slice(0, 500) };
};
