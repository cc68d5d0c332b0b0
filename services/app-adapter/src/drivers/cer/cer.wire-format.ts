import { LICENSE_MAPPING, SmartlicException, type CaaTransportSettings, type ErrorCode, type LicenseMode } from '#libs/contracts';
import type { AgentNodeState, AgentTransportSettings } from '../smart-agent.driver.js';
import type { CliCommand } from '../ssh/platform-cli.client.js';

/**
 * WIRE FORMAT — Emergency Responder: its platform CLI (the VOS `admin:` shell) over SSH with the platform (OS
 * administrator) credentials (simulators/uc-apps/WIRE-FORMATS.md §4). Cisco documents no REST or SOAP smart-licensing
 * API for Emergency Responder; HCM-F's CAA reaches its "application platform CLI" (guide: CAA1063, CAA1084, CAA1078).
 *
 * Sources:
 * - [C] CERCLI — Cisco Emergency Responder CLI Guide 12.5(1)SU3, "License Manager Commands" and "show license":
 *   https://www.cisco.com/c/en/us/td/docs/voice_ip_comm/cer/12_5_1su3/english/cli/guide/cer0_b_cisco-emergency-responder-cli-guide-1251su3/cer0_b_cisco-emergency-responder-cli-guide-1251su3_chapter_01.html
 *   (every command below, privilege level 4 for `license smart ...`, 0 for `show license ...`; mode "Administrator (admin:)").
 * - [C] CERADM — CER Administration Guide 12.5(1)SU1, "Change IP Address and Hostname": the `show network cluster`
 *   sample (`<ip> <fqdn> <hostname> Publisher|Subscriber <product> DBPub|DBSub authenticated ...`, then `Successful`).
 * - [C] CLIREF — CLI Reference Guide for Cisco Unified Communications Solutions: a failed command ends with the line
 *   `Executed command unsuccessfully` (its `show haproxy client-auth` example).
 * - [I] SA — the output layout of Cisco's Smart Agent for Licensing as other Cisco products print it (IOS-XE
 *   `show license status` / `show license usage`, e.g. the golden outputs of CiscoTestAutomation/genieparser):
 *   sections `Registration:`, `License Authorization:`, `Transport:`, indented `Key: value` lines, dates
 *   `Mar 13 08:09:24 2024 UTC`, usage entries `(<entitlement>):` with `Count:` and `Status:`. Cisco publishes no CER
 *   output: this is inferred from the same agent on other products.
 * - [I] VOS — community automation of the VOS CLI (paramiko-expect waiting for `admin:`; health-check parsers reading
 *   `No valid command entered` for a command the platform does not know).
 */

/** Platform (OS administrator) credentials: HCM-F's CAA CER logs in to the platform CLI with them [C guide CAA1008/CAA1084]. */
export const CER_CLI_CREDENTIAL = 'platform' as const;

/** The closing line of a failed command [C CLIREF]. */
export const CLI_FAILED = 'Executed command unsuccessfully';
/** The CLI's answer to a command it does not know [I VOS]. */
export const CLI_UNKNOWN_COMMAND = 'No valid command entered';

const SECRET = '********';

/**
 * One command argument: quoted when it holds blanks (the CLI reads double-quoted arguments, CERCLI's reservation
 * commands quote theirs [C]); a double quote or a control character cannot be passed on a command line at all.
 */
export const cliArgument = (value: string, field: string, code: ErrorCode): string => {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a command line cannot carry
  if (value === '' || /["\u0000-\u001f\u007f]/.test(value)) {
    // The value itself stays out of the details: it may be a token or a password.
    throw SmartlicException.fromCode(code, { field, reason: `${field} is empty or holds a double quote or a control character, which the platform CLI cannot take as an argument` });
  }
  return /\s/.test(value) ? `"${value}"` : value;
};

const command = (name: string, args: { value: string; secret?: boolean }[], idempotent: boolean): CliCommand => ({
  name,
  line: [name, ...args.map((a) => a.value)].join(' '),
  display: [name, ...args.map((a) => (a.secret ? SECRET : a.value))].join(' '),
  secrets: args.filter((a) => a.secret).map((a) => a.value.replace(/^"|"$/g, '')),
  idempotent,
});

/** The commands the driver sends, with the guide's mapping-table operation whose rows their failures are. */
export const CER_COMMANDS = {
  /** `license smart register idtoken <token> [force]` [C CERCLI]. */
  register: (token: string, force: boolean): CliCommand =>
    command('license smart register idtoken', [{ value: cliArgument(token, 'token', 'CAA1048'), secret: true }, ...(force ? [{ value: 'force' }] : [])], false),
  /** `license smart deregister` [C CERCLI]. */
  deregister: (): CliCommand => command('license smart deregister', [], false),
  /** `license smart renew ID` (renew the registration) [C CERCLI]. */
  renewId: (): CliCommand => command('license smart renew ID', [], false),
  /** `license smart renew auth` (renew the authorization) [C CERCLI]. */
  renewAuth: (): CliCommand => command('license smart renew auth', [], false),
  /**
   * Transport [C CERCLI]: Direct `license smart call-home destination address default`; satellite / SSM On-Prem
   * `license smart call-home destination address TransportGateway <url>`; proxy `license smart call-home proxy <ip>
   * <port>`, or with proxy authentication `license smart transport proxy <proxy-server> <proxy-port> <proxy-user>
   * <proxy-password>`.
   */
  transport: (settings: AgentTransportSettings): CliCommand => {
    if (settings.mode === 'Satellite') return command('license smart call-home destination address TransportGateway', [{ value: cliArgument(settings.satelliteUrl ?? '', 'satelliteUrl', 'CAA1079') }], false);
    if (settings.mode === 'Proxy') {
      const proxy = settings.proxy;
      if (!proxy) throw SmartlicException.fromCode('CAA1040', { field: 'proxy', reason: 'a Proxy transport needs the proxy host and port' });
      const address = [{ value: cliArgument(proxy.host, 'proxy.host', 'CAA1040') }, { value: String(proxy.port) }];
      if ((proxy.username === undefined) !== (proxy.password === undefined)) {
        throw SmartlicException.fromCode('CAA1040', { field: proxy.username === undefined ? 'proxy.username' : 'proxy.password', reason: 'an authenticating proxy needs both its user and its password' });
      }
      if (proxy.username !== undefined && proxy.password !== undefined) {
        return command('license smart transport proxy', [...address, { value: cliArgument(proxy.username, 'proxy.username', 'CAA1040') }, { value: cliArgument(proxy.password, 'proxy.password', 'CAA1040'), secret: true }], false);
      }
      return command('license smart call-home proxy', address, false);
    }
    return command('license smart call-home destination address default', [], false);
  },
  /** `show license status`: registration, authorization and transport [C CERCLI command, I SA layout]. */
  showLicenseStatus: (): CliCommand => command('show license status', [], true),
  /** `show license usage`: the entitlements in use [C CERCLI command, I SA layout]. */
  showLicenseUsage: (): CliCommand => command('show license usage', [], true),
  /** `show network cluster`: the cluster's nodes and their roles [C CERADM]. */
  showNetworkCluster: (): CliCommand => command('show network cluster', [], true),
} as const;

/** How a command that changes something ended [C CLIREF failure line, I VOS unknown command]. */
export type CliCommandResult = { kind: 'done' } | { kind: 'unknown-command' } | { kind: 'failed'; lines: string[] };

export const commandResult = (output: string): CliCommandResult => {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.includes(CLI_UNKNOWN_COMMAND)) return { kind: 'unknown-command' };
  if (lines.includes(CLI_FAILED)) return { kind: 'failed', lines: lines.filter((l) => l !== CLI_FAILED) };
  return { kind: 'done' };
};

/**
 * The `Key: value` lines of a smart-agent answer as paths of their section headers [I SA]: `Registration/Status`,
 * `Transport/Proxy/Address`, `(HCS Emergency Responder User License)/Count`. A header is a key without a value; a
 * line's parent is the last header less indented than it.
 */
export const indentedFields = (output: string): { fields: Map<string, string>; headers: string[] } => {
  const fields = new Map<string, string>();
  const headers: string[] = [];
  const stack: { indent: number; key: string }[] = [];
  for (const line of output.split('\n')) {
    const m = /^([ \t]*)([^:\s][^:]*?):[ \t]*(.*)$/.exec(line);
    if (!m) continue;
    const indent = m[1]!.replace(/\t/g, '    ').length;
    const [key, value] = [m[2]!.trim(), m[3]!.trim()];
    while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
    const path = [...stack.map((s) => s.key), key].join('/');
    if (!fields.has(path)) fields.set(path, value);
    if (value === '') {
      stack.push({ indent, key });
      if (indent === 0) headers.push(key);
    }
  }
  return { fields, headers };
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `Mar 13 08:09:24 2024 UTC` (anywhere in the value, e.g. after `AUTHORIZED on`) as ISO-8601; null when absent [I SA]. */
export const cliDateToIso = (value: string | undefined): string | null => {
  const m = /([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})\s+UTC/.exec(value ?? '');
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]!.toLowerCase());
  if (month < 0) return null;
  return new Date(Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]))).toISOString();
};

/** The agent's upper-case states in the words HCM-F and the applications' web pages use [I SA; Expressway's UI words C]. */
const STATUS_WORDS: Record<string, string> = {
  AUTHORIZED: 'Authorized',
  'OUT OF COMPLIANCE': 'Out of Compliance',
  'EVAL MODE': 'Evaluation Mode',
  'EVAL EXPIRED': 'Evaluation Expired',
  'AUTHORIZATION EXPIRED': 'Authorization Expired',
  'NOT AUTHORIZED': 'Not Authorized',
};
export const statusWords = (value: string): string => {
  const state = value.replace(/\s+on\s+.*$/, '').trim();
  return STATUS_WORDS[state.toUpperCase()] ?? state;
};

const known = (value: string | undefined): string | null => (value === undefined || value === '' || /^<(empty|none)>$/i.test(value) ? null : value);

/** `show license status` read into the driver's node state; undefined when the answer has no registration status. */
export const nodeStateFromStatus = (output: string, node: { hostname: string; address: string }): AgentNodeState | undefined => {
  const { fields } = indentedFields(output);
  const registration = fields.get('Registration/Status');
  if (registration === undefined) return undefined;
  // The agent has no separate "deregistered" state: after a deregistration it is UNREGISTERED (evaluation) again [I SA].
  const registered = /^REGISTERED\b/i.test(registration);
  return {
    hostname: node.hostname,
    address: node.address,
    registrationStatus: registered ? 'registered' : 'evaluation',
    authorizationStatus: fields.has('License Authorization/Status') ? statusWords(fields.get('License Authorization/Status')!) : null,
    // Newer agents append "As of <date>" to the smart account name [I SA].
    smartAccount: registered ? known(fields.get('Registration/Smart Account')?.replace(/\s+As of .*$/, '')) : null,
    virtualAccount: registered ? known(fields.get('Registration/Virtual Account')) : null,
    registrationExpires: registered ? cliDateToIso(fields.get('Registration/Registration Expires')) : null,
    // The authorization lapses at the communication deadline unless it is renewed [I SA].
    authorizationExpires: registered ? cliDateToIso(fields.get('License Authorization/Communication Deadline')) : null,
  };
};

/** The transport of `show license status` (its `Transport:` section); undefined when the answer has none [I SA]. */
export const transportFromStatus = (output: string): CaaTransportSettings | undefined => {
  const { fields } = indentedFields(output);
  const type = fields.get('Transport/Type');
  if (type === undefined) return undefined;
  const proxyHost = known(fields.get('Transport/Proxy/Address'));
  if (proxyHost) return { mode: 'Proxy', proxy: { host: proxyHost, port: Number(fields.get('Transport/Proxy/Port') ?? 0) } };
  if (/gateway|satellite|on-?prem/i.test(type)) return { mode: 'Satellite', satelliteUrl: known(fields.get('Transport/URL')) ?? '' };
  return { mode: 'Direct' };
};

/**
 * An entitlement tag as smartlic names licenses (libs/contracts licensing, the guide's Table 1): an HCS tag — the HCS
 * license name or its report type (`HCER_User`) — becomes the HCS license name; an Enterprise tag (`CER_USER`) stays.
 * Emergency Responder's own tag strings are not published [NF]: other tags pass through unchanged.
 */
export const licenseNameOf = (tag: string): string => LICENSE_MAPPING.find((m) => m.hcsLicense === tag || m.reportLicenseType === tag)?.hcsLicense ?? tag;

/**
 * The license mode the entitlements are reported in: HCS tags in HCS mode, Enterprise tags in Enterprise mode (the
 * guide's Table 1; Unity Connection documents the same split, `CUC_*` / `HCUC_*` [C CUPI]); null without any known tag.
 */
export const licenseModeOfUsage = (tags: readonly string[]): LicenseMode | null => {
  if (tags.some((t) => LICENSE_MAPPING.some((m) => m.hcsLicense === t || m.reportLicenseType === t))) return 'HCS';
  if (tags.some((t) => LICENSE_MAPPING.some((m) => m.enterpriseLicenses.includes(t)))) return 'Enterprise';
  return null;
};

/**
 * `show license usage`: one entry per entitlement header `(<tag>):` or `<tag> (<description>):` with its `Count:` and
 * `Status:` [I SA]; undefined when the answer is no usage listing at all.
 */
export const usageFromOutput = (output: string): { tag: string; count: number; status: string | null }[] | undefined => {
  const { fields, headers } = indentedFields(output);
  const entries = headers.filter((h) => fields.has(`${h}/Count`));
  if (!entries.length && !fields.has('License Authorization/Status')) return undefined;
  const usage = entries.map((header) => {
    const m = /^\((.+)\)$/.exec(header) ?? /^(\S.*?)\s+\(.*\)$/.exec(header);
    const count = Number(fields.get(`${header}/Count`));
    return { tag: m ? m[1]! : header, count, status: fields.has(`${header}/Status`) ? statusWords(fields.get(`${header}/Status`)!) : null };
  });
  return usage.every((u) => Number.isInteger(u.count) && u.count >= 0) ? usage : undefined;
};

/** A node of `show network cluster` [C CERADM]. */
export interface ClusterNodeLine {
  address: string;
  hostname: string;
  role: 'Publisher' | 'Subscriber';
}

export const networkClusterNodes = (output: string): ClusterNodeLine[] =>
  output
    .split('\n')
    .map((line) => /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(Publisher|Subscriber)\b/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ address: m[1]!, hostname: m[3]!, role: m[4] as ClusterNodeLine['role'] }));
