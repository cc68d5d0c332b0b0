import { createHash } from 'node:crypto';
import { escapeXml, toXml, type XmlTree } from './axl-soap.js';
import type { UcNodeState } from './cluster.store.js';
import { cucmEntitlementTag } from './cucm-entitlement-tags.js';
import { reportedUsage } from './license-usage.js';
import { instanceIdOf } from './smart-agent.service.js';
import { EVALUATION_DAYS, type SmartAgentState, type TransportSettings } from './smart-agent.state.js';

/**
 * What a simulated Unified CM answers to the AXL reads, element by element in the order of Cisco's AXL schema
 * (AXLSoap.xsd: GetSmartLicenseStatusRes, XRegistration, XAuthorization, XLicenseStatus, XTransportSettings,
 * LProcessNode). Values the schema leaves open follow what Cisco shows (WIRE-FORMATS.md §2 lists each with its source).
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** Java's `Date.toString()` of a clock set to UTC (`Thu Nov 20 16:44:29 UTC 2025`), as the agent's dates read in AXL. */
export const javaDate = (iso: string | undefined, plusDays = 0): string | undefined => {
  if (!iso) return undefined;
  const d = new Date(Date.parse(iso) + plusDays * DAY_MS);
  if (Number.isNaN(d.getTime())) return undefined;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
};

/** `UDI: PID:UCM,SN:<5 hex>,UUID:<32 hex>` (TechNote 212915's `show license UDI`), stable per product instance. */
const productUdi = (node: UcNodeState): string => {
  const hash = createHash('sha256').update(instanceIdOf(node)).digest('hex');
  return `UDI: PID:UCM,SN:${hash.slice(27, 32)},UUID:${hash.slice(0, 32)}`;
};

// Registration renews every 6 months and authorization every 30 days (Cisco's smart agent schedule).
const RENEWAL_DAYS = 180;
const AUTHORIZATION_DAYS = 30;

/** `getSmartLicenseStatusResponse` content: `return`, then `LicenseDetails`. */
export const licenseStatusXml = (node: UcNodeState, agent: Readonly<SmartAgentState>): string => {
  const cluster = node.cluster;
  const r = agent.registration;
  const authorized = r?.authorizationStatus === 'AUTHORIZED';
  const lastRenewal = r?.lastRenewId ?? r?.registeredAt;
  const lastAuthorization = r?.lastRenewAuth ?? r?.registeredAt;
  const entitlementStatus = (count: number): string => (count === 0 ? 'Init' : !r ? 'EvalMode' : authorized ? 'InCompliance' : 'OutOfCompliance');
  const details: XmlTree = {
    SmartLicensing: 'ENABLED',
    Registration: r
      ? {
          Status: 'Registered',
          SmartAccount: r.smartAccount,
          VirtualAccount: r.virtualAccount,
          LastRenewalAttempt: javaDate(lastRenewal),
          NextRenewalAttempt: javaDate(lastRenewal, RENEWAL_DAYS),
          LastRenewalStatus: 'SUCCEEDED',
          RegistrationFailedReason: 'Successful.',
          RegistrationExpires: javaDate(r.registrationExpires),
          ProductUDI: productUdi(node),
          ExportControlFunctionality: r.exportControlled ? 'ALLOWED' : 'NOT ALLOWED',
        }
      : { Status: 'Unregistered', ProductUDI: productUdi(node) },
    Authorization: r
      ? {
          Status: authorized ? 'Authorized' : 'Out of Compliance',
          LastCommunicationAttempt: javaDate(lastAuthorization),
          NextCommunicationAttempt: javaDate(lastAuthorization, AUTHORIZATION_DAYS),
          LastCommunicationStatus: 'SUCCEEDED',
          AuthorizationFailedReason: 'Successful.',
          AuthorizationExpires: javaDate(r.authorizationExpires),
          EvaluationPeriodRemaining: EVALUATION_DAYS,
        }
      : { Status: 'Evaluation Mode', EvaluationPeriodRemaining: EVALUATION_DAYS },
    LicenseStatus: {
      Entitlement: reportedUsage(cluster.usage, cluster.licenseMode).map((u) => ({ Tag: cucmEntitlementTag(u.license), Count: u.count, Status: entitlementStatus(u.count) })),
    },
  };
  return toXml({ return: 'Success', LicenseDetails: details });
};

/**
 * Transport mode as AXL writes it: the numbering Unity Connection documents for the same agent (0 Direct,
 * 1 Transport Gateway / SSM On-Prem, 2 HTTP/HTTPS proxy). The simulator's own state numbers them 0 Direct, 1 Proxy,
 * 2 Satellite.
 */
export const AXL_MODE_OF_STATE: Record<TransportSettings['mode'], string> = { 0: '0', 1: '2', 2: '1' };
export const STATE_MODE_OF_AXL: Record<string, TransportSettings['mode']> = { '0': 0, '1': 2, '2': 1 };

/** The CSSM URL a Direct or Proxy agent sends to (Unity Connection's documented default `transportUrl`). */
export const CSSM_TRANSPORT_URL = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';

/** `getTransportSettingsResponse` content: `return`, `TransportSettings`; the proxy password is never written. */
export const transportSettingsXml = (t: Readonly<TransportSettings>): string =>
  toXml({
    return: 'Success',
    TransportSettings: {
      transportmode: AXL_MODE_OF_STATE[t.mode],
      transportUrl: t.mode === 2 ? undefined : CSSM_TRANSPORT_URL,
      transportGatewayUrl: t.mode === 2 ? t.gatewayUrl : undefined,
      httpHost: t.mode === 1 ? t.proxyIp : undefined,
      httpPort: t.mode === 1 ? t.proxyPort : undefined,
      proxyAuthenticationEnabled: String(t.mode === 1 && t.proxyUser !== undefined),
      proxyUserName: t.mode === 1 ? t.proxyUser : undefined,
    },
  });

/** `listProcessNodeResponse` content: the nodes whose name matches `pattern` (AXL `%` wildcard), with the asked tags. */
export const processNodesXml = (nodes: readonly UcNodeState[], pattern: string, tags: ReadonlySet<string>): string => {
  const re = new RegExp(`^${pattern.split('%').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  const rows = nodes
    .filter((n) => re.test(n.hostname))
    .map((n) => {
      const uuid = createHash('sha1').update(`${n.cluster.id}/${n.hostname}`).digest('hex').toUpperCase();
      const fields = [
        tags.has('name') ? `<name>${escapeXml(n.hostname)}</name>` : '',
        tags.has('nodeUsage') ? `<nodeUsage>${n.publisher ? 'Publisher' : 'Subscriber'}</nodeUsage>` : '',
        tags.has('processNodeRole') ? '<processNodeRole>CUCM Voice/Video</processNodeRole>' : '',
      ].join('');
      return `<processNode uuid="{${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20, 32)}}">${fields}</processNode>`;
    });
  return `<return>${rows.join('')}</return>`;
};
