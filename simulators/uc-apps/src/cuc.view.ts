import { createHash } from 'node:crypto';
import type { AgentErrorRow, SimLicenseMode } from '#simulators/common';
import type { UcClusterState, UcNodeState } from './cluster.store.js';
import type { LicenseUsage } from './scenario.schema.js';
import { EVALUATION_DAYS, type SmartAgentState, type TransportMode, type TransportSettings } from './smart-agent.state.js';
import type { TransportSettingsInput } from './transport-settings.js';

/**
 * Unity Connection's answers as Cisco's CUPI documents them ("Cisco Unity Connection Provisioning Interface (CUPI) API
 * for System Settings", sections Smart Licensing and Cluster; WIRE-FORMATS.md §3): JSON with every value a string, as
 * in CUPI's JSON examples, or XML when the client does not ask for JSON.
 */

/** Cisco's transport URL, shown for a Direct transport (CUPI examples). */
export const CUPI_DEFAULT_TRANSPORT_URL = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';

// CUPI numbers the transports in the order it lists them: 0 Direct, 1 On-Premises Collector (satellite), 2 HTTPs proxy.
const AGENT_TO_CUPI_MODE: Record<TransportMode, number> = { 0: 0, 1: 2, 2: 1 };
const CUPI_TO_AGENT_MODE: Record<string, TransportMode> = { '0': 0, '1': 2, '2': 1 };

/** CUPI's table "deployment modes with corresponding Entitlement Tags" (HCS-LE is not simulated). */
const ENTITLEMENT_TAGS: Record<SimLicenseMode, readonly string[]> = {
  Enterprise: ['CUC_BasicMessaging', 'CUC_EnhancedMessaging', 'CUC_SpeechView', 'CUC_SpeechViewPro', 'CUC_SpeechConnectPort', 'CUC_SpeechConnectGuestUser'],
  HCS: ['HCUC_BasicMessaging', 'HCUC_EnhancedMessaging', 'HCUC_StandardMessaging', 'HCUC_SpeechConnectPort', 'HCUC_SpeechView'],
};

/** A cluster's consumption is written with Enterprise tags; in HCS mode the same feature counts under its HCUC_ tag. */
const entitlementTagOf = (license: string, mode: SimLicenseMode): string => (mode === 'HCS' && license.startsWith('CUC_') ? `H${license}` : license);

// CUPI's renewal periods: "the licenses are automatically authorized in every 30 days", "the registration of the
// product is automatically renewed in every six month".
const AUTHORIZATION_DAYS = 30;
const REGISTRATION_RENEWAL_DAYS = 180;

const two = (n: number): string => String(n).padStart(2, '0');
/** `2017-11-24 13:17:19.0`, CUPI's date format (no zone; UTC here). */
export const cupiDate = (iso: string): string => {
  const d = new Date(iso);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.0`;
};
const addDays = (iso: string, days: number): string => new Date(new Date(iso).getTime() + days * 86_400_000).toISOString();

const hex = (seed: string): string => createHash('sha256').update(seed).digest('hex');
const uuidOf = (seed: string): string => {
  const h = hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** `regid.2020-06.com.cisco.<tag>,14_<uuid>`, the Id form of CUPI's example tags. */
const entitlementId = (cluster: UcClusterState, tag: string): string => `regid.2020-06.com.cisco.${tag},14_${uuidOf(`${cluster.id}/${tag}`)}`;

const entitlementStatus = (count: number, agent: Readonly<SmartAgentState>): string => {
  if (count === 0) return 'Init';
  if (!agent.registration) return 'Eval';
  return agent.registration.authorizationStatus === 'AUTHORIZED' ? 'InCompliance' : 'OutOfCompliance';
};

const countsByTag = (usage: readonly LicenseUsage[], mode: SimLicenseMode): Map<string, number> => {
  const counts = new Map<string, number>(ENTITLEMENT_TAGS[mode].map((t) => [t, 0]));
  for (const { license, count } of usage) {
    const tag = entitlementTagOf(license, mode);
    counts.set(tag, (counts.get(tag) ?? 0) + count);
  }
  return counts;
};

/** `GET /vmrest/smartlicense/licensedetails`: the cluster's agent (the publisher's) in CUPI's LicenseDetails shape. */
export const cupiLicenseDetails = (node: UcNodeState, agent: Readonly<SmartAgentState>): Record<string, unknown> => {
  const cluster = node.cluster;
  const registration = agent.registration;
  const lastRenewal = registration ? (registration.lastRenewId ?? registration.registeredAt) : undefined;
  const lastAuthorization = registration ? (registration.lastRenewAuth ?? registration.registeredAt) : undefined;
  return {
    SmartLicensing: 'Enabled',
    Register: {
      Status: registration ? 'Registered' : 'Unregistered',
      SmartAccount: registration?.smartAccount ?? '',
      VirtualAccount: registration?.virtualAccount ?? '',
      LastRenewalAttempt: lastRenewal ? `SUCCEEDED ${cupiDate(lastRenewal)}` : '',
      NextRenewalAttempt: lastRenewal ? cupiDate(addDays(lastRenewal, REGISTRATION_RENEWAL_DAYS)) : '',
      LastRegistrationSuccessTime: registration ? cupiDate(registration.registeredAt) : '',
      ProductUDI: `pid=Cisco Unity Connection sn=${hex(cluster.id).slice(0, 27)}`,
      ExportControlFunctionality: registration?.exportControlled ? 'Allowed' : 'Not Allowed',
    },
    Authorization: {
      Status: registration ? (registration.authorizationStatus === 'AUTHORIZED' ? 'Authorized' : 'Out of Compliance') : 'Evaluation',
      LastCommunicationAttempt: lastAuthorization ? `SUCCEEDED ${cupiDate(lastAuthorization)}` : '',
      NextCommunicationAttempt: lastAuthorization ? cupiDate(addDays(lastAuthorization, AUTHORIZATION_DAYS)) : '',
      // days:hours:minutes, as CUPI's "87:0:36"; the simulator does not age its installations.
      EvaluationPeriodRemaining: registration ? '' : `${EVALUATION_DAYS}:0:0`,
    },
    LicenseUsage: {
      EntitlementTag: [...countsByTag(cluster.usage, cluster.licenseMode)].map(([tag, count]) => ({
        Id: entitlementId(cluster, tag),
        Count: String(count),
        Status: entitlementStatus(count, agent),
      })),
    },
  };
};

/** `GET /vmrest/smartlicense/transportsettings` (and the PUT's echo, which masks the password as CUPI's example). */
export const cupiTransport = (t: Readonly<TransportSettings>, options: { echo?: boolean } = {}): Record<string, unknown> => ({
  transportMode: String(AGENT_TO_CUPI_MODE[t.mode]),
  transportUrl: t.mode === 2 ? (t.gatewayUrl ?? '') : CUPI_DEFAULT_TRANSPORT_URL,
  httpHost: t.mode === 1 ? (t.proxyIp ?? '') : '',
  httpPort: String(t.mode === 1 ? (t.proxyPort ?? 0) : 0),
  isPrivacyEnabled: 'false',
  isProxyAuthReq: String(t.proxyUser !== undefined),
  ...(t.proxyUser !== undefined ? { httpProxyUser: t.proxyUser } : {}),
  ...(options.echo && t.proxyPasswordSha256 !== undefined ? { httpProxyPasswd: '****' } : {}),
});

const isTrue = (value: unknown): boolean => value === true || value === 1 || (typeof value === 'string' && ['true', '1'].includes(value.trim().toLowerCase()));

/** A CUPI TransportSetting as the agent's input; a transportMode outside 0-2 goes through as is, to fail validation. */
export const transportInputOf = (body: Record<string, unknown>): TransportSettingsInput => {
  const cupiMode = body.transportMode;
  const key = typeof cupiMode === 'number' || typeof cupiMode === 'string' ? String(cupiMode).trim() : '';
  return {
    mode: key in CUPI_TO_AGENT_MODE ? CUPI_TO_AGENT_MODE[key] : cupiMode,
    gatewayUrl: body.transportUrl,
    proxyIp: body.httpHost,
    proxyPort: body.httpPort,
    ...(isTrue(body.isProxyAuthReq) ? { proxyUser: body.httpProxyUser, proxyPassword: body.httpProxyPasswd } : {}),
  };
};

/** `GET /vmrest/cluster`: the cluster's servers, the publisher as ClusterMemberId 0 (Primary). */
export const cupiCluster = (cluster: UcClusterState): Record<string, unknown> => {
  const ordered = [...cluster.nodes].sort((a, b) => Number(b.publisher) - Number(a.publisher));
  return {
    '@total': String(ordered.length),
    VmsServer: ordered.map((n, i) => {
      const id = uuidOf(`${cluster.id}/${n.hostname}`);
      return {
        URI: `/vmrest/vmsservers/${id}`,
        ObjectId: id,
        ServerName: n.hostname,
        IpAddress: n.address,
        VmsServerObjectId: id,
        ClusterMemberId: String(i),
        // Pri_Active / Sec_Active, shown PRIMARY / SECONDARY.
        ServerState: i === 0 ? '1' : '8',
        HostName: n.hostname,
        ServerDisplayState: i === 0 ? '3' : '4',
        SubToPerformReplicationRole: 'false',
      };
    }),
  };
};

/** CUPI's error document carrying a mapping-table row. */
export const cupiError = (row: AgentErrorRow): Record<string, unknown> => ({ errors: { code: row.code, message: row.message } });

const escapeXml = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const element = (name: string, value: unknown): string => {
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    const attributes = entries.filter(([k]) => k.startsWith('@')).map(([k, v]) => ` ${k.slice(1)}="${escapeXml(String(v))}"`).join('');
    const children = entries.filter(([k]) => !k.startsWith('@')).map(([k, v]) => element(k, v)).join('');
    return `<${name}${attributes}>${children}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value ?? ''))}</${name}>`;
};

/** The XML form of a CUPI document (`@name` keys are attributes, arrays repeat their element). */
export const cupiXml = (root: string, value: Record<string, unknown>): string => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${element(root, value)}`;
