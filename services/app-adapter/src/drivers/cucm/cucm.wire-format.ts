import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { LICENSE_MAPPING, type CaaTransportSettings, type LicenseMode, type SmartAgentOperation } from '#libs/contracts';

/**
 * WIRE FORMAT — Unified CM smart licensing over AXL SOAP (simulators/uc-apps/WIRE-FORMATS.md §2).
 *
 * Sources:
 * - AXLXSD: Cisco's AXL schema 14.0 `AXLSoap.xsd`, vendored in `reference/cisco-axl-schema/` (CiscoDevNet
 *   axl-python-zeep-samples); AXLWSDL: `AXLAPI.wsdl` beside it.
 * - AXLDG: DevNet "AXL Developer Guide" (https://developer.cisco.com/docs/axl/axl-developer-guide/): versioning,
 *   request basics, error responses, the schema-versions-per-release matrix.
 * - TN212915: Cisco TechNote 212915 "Configure CUCM Smart Licensing - Direct Model" (states, `show license` output
 *   with the Unified CM entitlement tags).
 * - CUPI: Unity Connection CUPI "System Settings" smart licensing (the same VOS smart agent; transport numbering).
 * - GUIDE: HCS Smart Licensing Operation Guide 12.5, "Smart Licensing Error Code and Message Mapping".
 * - CAPTURE [community]: a real 14.x `getSmartLicenseStatus` answer printed by an AXL report script built on
 *   ciscocucmapi, and that library's note "Is not returning <return> but is going straight to <LicenseDetails>
 *   ... Confirmed on both 12.5 and 14.0" (repositories not resolvable in the index; evidence, not documentation).
 *
 * Envelope and transport:
 * - [C AXLDG] SOAP 1.1 over HTTPS, `POST /axl/` (trailing slash required), `Content-Type: text/xml`, HTTP Basic with
 *   the application (admin) user, on the publisher. port: the node's provisioned port, else 8443 [C AXLDG].
 * - [C AXLDG, AXLWSDL] `SOAPAction: "CUCM:DB ver=<v> <operation>"` and the body namespace
 *   `http://www.cisco.com/AXL/API/<v>`: "Both should be included, and must indicate the same version".
 * - Version [C AXLDG matrix, choice ours]: CUCM 12.5(1) offers schemas 12.x/11.x/10.x (not 14.0); CUCM 14 offers 14.0,
 *   12.5, ...; CUCM 15 offers 15.0 and 14.0, and 15 has "No API changes". So 14.0 for clusters 14 and later (the
 *   schema we vendor and validate every request against; N-2 support keeps it on 16) and 12.5 below 14 (the first
 *   schema with the smart-licensing operations).
 * - [C AXLXSD] children of the operation element are unqualified (`elementFormDefault="unqualified"`), in schema
 *   order; empty request types (`doSmartLicenseDeRegister`, ...) have no children.
 * - [C AXLDG, AXLWSDL] errors: HTTP 500 with a SOAP Fault whose `detail` holds `axlError {axlcode, axlmessage,
 *   request}` (namespaced or not: both appear in AXLDG's examples). [C AXLDG] bad credentials: HTTP 401 (no fault).
 *   [I] a smart-agent failure's text is the GUIDE's mapping-table message of the operation; the row is found by that
 *   message, whatever `axlcode` carries (our simulator puts the row's HTTP status there).
 *
 * Operations [C AXLXSD, names and fields]: see AXL_OPERATION_ROWS. Values the schema leaves open are tagged below.
 */
export const AXL_PATH = '/axl/';
/** [C] AXLDG: AXL answers on the publisher's HTTPS port 8443 (a node provisioned with its own port keeps it). */
export const AXL_DEFAULT_PORT = 8443;
export const AXL_CREDENTIAL = 'admin' as const;

export type AxlVersion = '12.5' | '14.0';

/** The AXL schema version to speak to a cluster of `clusterVersion` ("12.5.1.10000-22", "14.0.1", "15"). */
export const axlVersionFor = (clusterVersion: string): AxlVersion => {
  const major = Number(/\d+/.exec(clusterVersion)?.[0] ?? 0);
  return major >= 14 ? '14.0' : '12.5';
};

export const axlNamespace = (version: string): string => `http://www.cisco.com/AXL/API/${version}`;

export type AxlOperation =
  | 'doSmartLicenseRegister'
  | 'doSmartLicenseReRegister'
  | 'doSmartLicenseDeRegister'
  | 'doSmartLicenseRenewRegistration'
  | 'doSmartLicenseRenewAuthorization'
  | 'getSmartLicenseStatus'
  | 'getTransportSettings'
  | 'doUpdateTransportSettings'
  | 'listProcessNode';

/**
 * The guide's mapping-table operation whose rows an AXL operation's failures are (GUIDE: the rows name the smart-agent
 * operations register, deregister, renewID, renewAuth, transportsettings, licensedetails). listProcessNode has none.
 */
export const AXL_OPERATION_ROWS: Record<AxlOperation, SmartAgentOperation | null> = {
  doSmartLicenseRegister: 'register',
  doSmartLicenseReRegister: 'register',
  doSmartLicenseDeRegister: 'deregister',
  doSmartLicenseRenewRegistration: 'renewID',
  doSmartLicenseRenewAuthorization: 'renewAuth',
  getSmartLicenseStatus: 'licensedetails',
  getTransportSettings: 'transportsettings',
  doUpdateTransportSettings: 'transportsettings',
  listProcessNode: null,
};

/** Reads answer nothing new when repeated: the HTTP client may retry them after a dropped connection. */
export const AXL_READS: ReadonlySet<AxlOperation> = new Set(['getSmartLicenseStatus', 'getTransportSettings', 'listProcessNode']);

/** A child element: text, or nested elements in schema order. */
export type AxlElement = readonly [name: string, value: string | readonly AxlElement[]];

export interface AxlRequest {
  operation: AxlOperation;
  elements: readonly AxlElement[];
}

const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const render = (elements: readonly AxlElement[]): string =>
  elements.map(([name, value]) => (typeof value === 'string' ? (value === '' ? `<${name}/>` : `<${name}>${escapeXml(value)}</${name}>`) : `<${name}>${render(value)}</${name}>`)).join('');

export const axlHeaders = (version: string, operation: AxlOperation): Record<string, string> => ({
  soapaction: `"CUCM:DB ver=${version} ${operation}"`,
  accept: 'text/xml',
});

/** The SOAP 1.1 envelope of a request in the namespace of `version` (AXLDG's example shape). */
export const axlEnvelope = (version: string, request: AxlRequest): string =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${axlNamespace(version)}">` +
  `<soapenv:Header/><soapenv:Body><ns:${request.operation}>${render(request.elements)}</ns:${request.operation}></soapenv:Body></soapenv:Envelope>`;

// ---- Requests [C AXLXSD: element names, order, minOccurs] ----

/** AXLXSD String255: the longest text any of these fields may carry. */
export const AXL_TEXT_MAX = 255;

/** `doSmartLicenseRegister {token, force}`: force false (a registered product answers the "use 'force'" row). */
export const registerRequest = (token: string): AxlRequest => ({ operation: 'doSmartLicenseRegister', elements: [['token', token], ['force', 'false']] });

/**
 * A forced registration is `doSmartLicenseReRegister {token}` (AXLXSD: "force register the system ... if already
 * registered"). [I] on a product that is not registered it registers it, as `license smart register idtoken <token>
 * force` does on the CLI.
 */
export const reRegisterRequest = (token: string): AxlRequest => ({ operation: 'doSmartLicenseReRegister', elements: [['token', token]] });

export const emptyRequest = (
  operation: 'doSmartLicenseDeRegister' | 'doSmartLicenseRenewRegistration' | 'doSmartLicenseRenewAuthorization' | 'getSmartLicenseStatus' | 'getTransportSettings',
): AxlRequest => ({ operation, elements: [] });

/** `listProcessNode`: every node's name and whether it is the Publisher (AXLXSD LProcessNode.nodeUsage). */
export const processNodesRequest = (): AxlRequest => ({
  operation: 'listProcessNode',
  elements: [
    ['searchCriteria', [['name', '%']]],
    ['returnedTags', [['name', ''], ['nodeUsage', '']]],
  ],
});

/**
 * Transport mode numbers. [C GUIDE] the agent accepts "a valid Transport Mode within the range (0 - 2)";
 * [C CUPI, I for AXL] 0 Direct (CSSM), 1 Transport Gateway / SSM On-Prem (satellite), 2 HTTP/HTTPS proxy — the
 * numbering Unity Connection documents for the same VOS smart agent.
 */
export const AXL_TRANSPORT_MODE = { Direct: '0', Satellite: '1', Proxy: '2' } as const;

/**
 * [C CUPI default `transportUrl`; I for AXL] the CSSM URL Direct and Proxy send to; `url` is mandatory in
 * doUpdateTransportSettings (AXLXSD minOccurs=1) whatever the mode.
 */
export const CSSM_TRANSPORT_URL = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';

/** What doUpdateTransportSettings needs beyond the contract: the provisioned proxy's credentials, when it has them. */
export interface AxlTransportInput {
  settings: CaaTransportSettings;
  proxyCredentials?: { username: string; password: string };
}

/**
 * `doUpdateTransportSettings {transportMode, url, httpHost, httpPort, enableProxyAuthentication?, proxyUserName?,
 * proxyPassword?}` [C AXLXSD]. [I] fields a mode does not use are sent empty. The proxy authentication elements go
 * only with credentials (AXLXSD: "required to be set to true for authentication based proxy server configuration");
 * AXLDG's change list names them as tags added after 12.5, so a 12.5 schema may not know them.
 */
export const updateTransportRequest = ({ settings, proxyCredentials }: AxlTransportInput): AxlRequest => {
  const proxy = settings.mode === 'Proxy' ? settings.proxy : undefined;
  const elements: AxlElement[] = [
    ['transportMode', AXL_TRANSPORT_MODE[settings.mode]],
    ['url', settings.mode === 'Satellite' ? (settings.satelliteUrl ?? '') : CSSM_TRANSPORT_URL],
    ['httpHost', proxy?.host ?? ''],
    ['httpPort', proxy ? String(proxy.port) : ''],
  ];
  if (proxy && proxyCredentials) {
    elements.push(['enableProxyAuthentication', 'true'], ['proxyUserName', proxyCredentials.username], ['proxyPassword', proxyCredentials.password]);
  }
  return { operation: 'doUpdateTransportSettings', elements };
};

// ---- Answers ----

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, trimValues: true, isArray: (name) => name === 'Entitlement' || name === 'processNode' });

/** The SOAP Body of an answer; undefined when the text is not a SOAP envelope (the caller reports CAA1037). */
export const axlBody = (xml: string): Record<string, unknown> | undefined => {
  if (xml.trim() === '' || XMLValidator.validate(xml) !== true) return undefined;
  const doc = parser.parse(xml) as { Envelope?: { Body?: unknown } };
  const body = doc.Envelope?.Body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
};

export const axlResponseElement = (operation: AxlOperation): string => `${operation}Response`;

// An empty element parses as ''; an element the answer leaves out is undefined. Both read as "not given".
const text = z.union([z.string(), z.number()]).transform(String).optional();
const section = <T extends z.ZodRawShape>(shape: T) => z.preprocess((v) => (v === '' || v === undefined ? {} : v), z.object(shape).loose());

/** [C AXLDG, AXLWSDL] `Fault {faultcode, faultstring, detail/axlError {axlcode, axlmessage, request}}`. */
export const axlFaultSchema = z.object({
  faultcode: text,
  faultstring: z.string().default(''),
  detail: section({ axlError: section({ axlcode: z.coerce.number().int().optional(), axlmessage: text, request: text }).optional() }).optional(),
});
export type AxlFault = z.infer<typeof axlFaultSchema>;

/** `<return>` of the do* answers [C AXLXSD: "Returns Success or Failure message"]; [C AXLXSD] `Success` when it worked. */
export const axlReturnSchema = section({ return: text });
export const isAxlSuccess = (value: string | undefined): boolean => value === undefined || value.trim().toLowerCase() === 'success';

/**
 * `getSmartLicenseStatusResponse` [C AXLXSD names]: `return` [I CAPTURE: real answers leave it out], `LicenseDetails`
 * {SmartLicensing, Registration (XRegistration), Authorization (XAuthorization), LicenseStatus/Entitlement*}; every
 * element of XRegistration, XAuthorization and Entitlement is minOccurs=0.
 */
export const licenseDetailsSchema = z.object({
  SmartLicensing: text,
  Registration: section({
    Status: text,
    SmartAccount: text,
    VirtualAccount: text,
    LastRenewalAttempt: text,
    NextRenewalAttempt: text,
    LastRenewalStatus: text,
    RegistrationFailedReason: text,
    RegistrationExpires: text,
    ProductUDI: text,
    ExportControlFunctionality: text,
  }),
  Authorization: section({
    Status: text,
    LastCommunicationAttempt: text,
    NextCommunicationAttempt: text,
    LastCommunicationStatus: text,
    AuthorizationFailedReason: text,
    AuthorizationExpires: text,
    EvaluationPeriodRemaining: text,
  }).default({}),
  LicenseStatus: section({
    Entitlement: z.array(section({ Tag: text, Count: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().nonnegative().optional()), Status: text })).default([]),
  }).default({ Entitlement: [] }),
});
export type AxlLicenseDetails = z.infer<typeof licenseDetailsSchema>;
export const statusResponseSchema = section({ return: text, LicenseDetails: licenseDetailsSchema });

/**
 * Registration/Status → smartlic's registration status. [C TN212915] the states are "Unidentified / Unregistered",
 * "Registered", "Unregistered-registered Expired"; [I CAPTURE] AXL writes `Registered`. Case and separators are
 * ignored. [I] a lapsed registration ("... Expired") is `deregistered`; any other text (unregistered, unidentified,
 * pending, absent) is not a registration: `evaluation` (AXL does not tell a never-registered product from a
 * deregistered one).
 */
export const registrationStatusOf = (status: string | undefined): 'registered' | 'deregistered' | 'evaluation' => {
  const words = (status ?? '').toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  if (words === 'registered') return 'registered';
  if (words.startsWith('unregistered') && words.includes('expired')) return 'deregistered';
  return 'evaluation';
};

/**
 * Authorization/Status is passed on as the application writes it. [C TN212915] "No License in use", "Evaluation
 * Mode", "Evaluation Expired", "Authorized", "Out of compliance", "Authorization Expired"; [I CAPTURE] `Authorized`.
 */
export const blankToNull = (value: string | undefined): string | null => (value === undefined || value.trim() === '' ? null : value.trim());

/**
 * Entitlement tags [C TN212915, Enterprise mode]: `regid.2016-07.com.cisco.UCM_Enhanced,12.0_66d0d1cf-...` — the
 * license type is the part between `com.cisco.` and the comma. Entitlement/Status [C TN212915]: `InCompliance`,
 * `Init` (count 0), passed on as written.
 */
export const entitlementTypeOf = (tag: string): string => /com\.cisco\.([^,]+),/.exec(tag)?.[1] ?? tag.trim();

/** [C TN212915 tags] Enterprise-mode license types → smartlic's license names (the guide's Table 1 wording). */
const ENTERPRISE_LICENSES: Record<string, string> = {
  UCM_Essential: 'Essential',
  UCM_Basic: 'Basic',
  UCM_Enhanced: 'Enhanced',
  UCM_EnhancedPlus: 'Enhanced Plus',
  UCM_CUWL: 'Cisco Unified Workspace Licensing (UWL)',
  UCM_TelePresenceRoom: 'Telepresence Room',
};

/**
 * [I] HCS-mode license types: `HUCM_<tier>`, the names the guide's Smart Licensing reports give the Unified CM HCS
 * licenses (`HUCM_Foundation`, `HUCM_Standard`, `HUCM_TelePresenceRoom`, `HUCM_Essential`, `HUCM_Basic`) and Unity
 * Connection's documented HCS tags follow (`HCUC_*`, CUPI); Cisco publishes no Unified CM HCS tag. Types of the
 * guide's Table 1 take its HCS license names; the others "HCS Cisco UCM <tier> License".
 */
const HCS_PREFIX = 'HUCM_';

/** smartlic's license name of an entitlement tag; an unknown type is passed on as the type itself. */
export const licenseOfTag = (tag: string): string => {
  const type = entitlementTypeOf(tag);
  const enterprise = ENTERPRISE_LICENSES[type];
  if (enterprise) return enterprise;
  if (type.startsWith(HCS_PREFIX)) {
    const mapped = LICENSE_MAPPING.find((m) => m.reportLicenseType === type);
    return mapped?.hcsLicense ?? `HCS Cisco UCM ${type.slice(HCS_PREFIX.length).replace(/([a-z])([A-Z])/g, '$1 $2')} License`;
  }
  return type;
};

/** [I] the license mode the entitlement tags show (AXL has no license-mode element): HUCM_* HCS, UCM_* Enterprise. */
export const licenseModeOfTags = (tags: readonly string[]): LicenseMode | null => {
  const types = tags.map(entitlementTypeOf);
  if (types.some((t) => t.startsWith(HCS_PREFIX))) return 'HCS';
  if (types.some((t) => t in ENTERPRISE_LICENSES || t.startsWith('UCM_'))) return 'Enterprise';
  return null;
};

/** `getTransportSettingsResponse` [C AXLXSD]: `return`, `TransportSettings` (XTransportSettings, all minOccurs=0). */
export const transportResponseSchema = section({
  return: text,
  TransportSettings: section({
    transportmode: text,
    transportUrl: text,
    transportGatewayUrl: text,
    httpHost: text,
    httpPort: text,
    proxyAuthenticationEnabled: text,
    proxyUserName: text,
    // proxyPassword is never read: a password does not leave the driver.
  }),
});

/**
 * `transportmode` → the contract's mode. [I] numbers as AXL_TRANSPORT_MODE; words tolerated (Direct, Transport
 * Gateway / Satellite / On-Prem, Proxy / HTTP). Undefined when unreadable (the caller reports CAA1037).
 */
export const transportModeOf = (value: string | undefined): CaaTransportSettings['mode'] | undefined => {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '0' || v === 'direct') return 'Direct';
  if (v === '1' || /gateway|satellite|on-?prem/.test(v)) return 'Satellite';
  if (v === '2' || /proxy|http/.test(v)) return 'Proxy';
  return undefined;
};

/** `listProcessNodeResponse/return/processNode* {name, nodeUsage}` [C AXLXSD; XNodeUsage Publisher | Subscriber]. */
export const processNodesResponseSchema = section({
  return: section({ processNode: z.array(section({ name: text, nodeUsage: text })).default([]) }),
});

// ---- Dates ----

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Offsets (minutes) of the zone abbreviations Java prints. [I] IST is read as India (TN212915's lab clock). */
const ZONES: Record<string, number> = {
  UTC: 0, GMT: 0, Z: 0, UT: 0, WET: 0, BST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180, MSK: 180, IST: 330, SGT: 480, HKT: 480,
  CST: -360, CDT: -300, EST: -300, EDT: -240, MST: -420, MDT: -360, PST: -480, PDT: -420, AKST: -540, AKDT: -480, HST: -600,
  JST: 540, KST: 540, AEST: 600, AEDT: 660, ACST: 570, AWST: 480, NZST: 720, NZDT: 780,
};

const zoneOffset = (zone: string): number | undefined => {
  const fixed = ZONES[zone.toUpperCase()];
  if (fixed !== undefined) return fixed;
  const m = /^(?:GMT|UTC)([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : undefined;
};

/**
 * A smart-agent date → ISO-8601 UTC; null when empty or unreadable. [I CAPTURE] AXL writes Java's `Date.toString()`
 * (`Sun Mar 02 11:10:25 EST 2025`); [C TN212915] the CLI writes `Jan 26 15:06:21 2019 IST`; ISO-8601 is accepted too.
 */
export const axlDateToIso = (value: string | undefined): string | null => {
  const v = (value ?? '').trim();
  if (v === '') return null;
  if (/^\d{4}-\d\d-\d\d/.test(v)) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const java = /^(?:[A-Za-z]{3} )?([A-Za-z]{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) ([A-Za-z]+(?:[+-]\d{1,2}:?\d{0,2})?) (\d{4})$/.exec(v);
  const cli = /^([A-Za-z]{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4}) ([A-Za-z]+(?:[+-]\d{1,2}:?\d{0,2})?)$/.exec(v);
  const parts = java ? { mon: java[1]!, day: java[2]!, h: java[3]!, m: java[4]!, s: java[5]!, zone: java[6]!, year: java[7]! } : cli ? { mon: cli[1]!, day: cli[2]!, h: cli[3]!, m: cli[4]!, s: cli[5]!, year: cli[6]!, zone: cli[7]! } : undefined;
  if (!parts) return null;
  const month = MONTHS.indexOf(parts.mon.toLowerCase());
  const offset = zoneOffset(parts.zone);
  if (month < 0 || offset === undefined) return null;
  const utc = Date.UTC(Number(parts.year), month, Number(parts.day), Number(parts.h), Number(parts.m), Number(parts.s)) - offset * 60_000;
  return new Date(utc).toISOString();
};
