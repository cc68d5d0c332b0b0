import { agentNodeOf, type UcClusterState, type UcNodeState } from './cluster.store.js';
import { reportedUsage } from './license-usage.js';
import { EVALUATION_DAYS, type Registration, type SmartAgentState, type TransportSettings } from './smart-agent.state.js';

/**
 * What the Emergency Responder platform CLI prints for `show license ...` and `show network cluster`
 * (WIRE-FORMATS.md §4). Cisco publishes the commands (CER CLI Guide 12.5(1)SU3) but not their output for CER: the
 * layout is the one Cisco's Smart Agent for Licensing prints on other products (`show license status` / `usage`:
 * "Registration:", "License Authorization:", indented "Key: value" lines, dates `Mar 13 08:09:24 2024 UTC`);
 * `show network cluster` follows the CER 12.5(1)SU1 Administration Guide's sample.
 */

/** The DNS domain the simulated nodes' FQDNs are shown in. */
const DOMAIN = 'sim.example.com';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

/** `Mar 13 08:09:24 2024 UTC`, the smart agent's date format. */
export const cliDate = (iso: string): string => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()} UTC`;
};

const plusDays = (iso: string, days: number): string => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

/** The smart agent's default Direct destination (CUPI documents it as the default `transportUrl`). */
export const DEFAULT_TRANSPORT_URL = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';

const AUTHORIZATION = { AUTHORIZED: 'AUTHORIZED', OUT_OF_COMPLIANCE: 'OUT OF COMPLIANCE' } as const;

const transportLines = (transport: Readonly<TransportSettings>): string[] => {
  const lines = ['Transport:', `  Type: ${transport.mode === 2 ? 'TransportGateway' : 'Callhome'}`, `  URL: ${transport.mode === 2 ? transport.gatewayUrl : DEFAULT_TRANSPORT_URL}`, '  Proxy:'];
  if (transport.mode !== 1) return [...lines, '    Not Configured'];
  return [
    ...lines,
    `    Address: ${transport.proxyIp}`,
    `    Port: ${transport.proxyPort}`,
    `    Username: ${transport.proxyUser ?? '<empty>'}`,
    // The password is never shown, only whether one is set.
    `    Password: ${transport.proxyPasswordSha256 ? '********' : '<empty>'}`,
  ];
};

const registrationLines = (agent: Readonly<SmartAgentState>, registration: Registration | undefined): string[] => {
  if (!registration) return ['Registration:', '  Status: UNREGISTERED', '  Export-Controlled Functionality: Not Allowed'];
  return [
    'Registration:',
    '  Status: REGISTERED',
    `  Smart Account: ${registration.smartAccount}`,
    `  Virtual Account: ${registration.virtualAccount}`,
    `  Export-Controlled Functionality: ${registration.exportControlled ? 'Allowed' : 'Not Allowed'}`,
    `  Initial Registration: SUCCEEDED on ${cliDate(registration.registeredAt)}`,
    `  Last Renewal Attempt: ${registration.lastRenewId ? `SUCCEEDED on ${cliDate(registration.lastRenewId)}` : 'None'}`,
    `  Next Renewal Attempt: ${cliDate(plusDays(registration.lastRenewId ?? registration.registeredAt, 180))}`,
    `  Registration Expires: ${cliDate(registration.registrationExpires)}`,
  ];
};

const authorizationLines = (registration: Registration | undefined): string[] => {
  if (!registration) return ['License Authorization:', '  Status: EVAL MODE', `  Evaluation Period Remaining: ${EVALUATION_DAYS} days, 0 hours, 0 minutes, 0 seconds`];
  const last = registration.lastRenewAuth ?? registration.registeredAt;
  return [
    'License Authorization:',
    `  Status: ${AUTHORIZATION[registration.authorizationStatus]} on ${cliDate(last)}`,
    `  Last Communication Attempt: SUCCEEDED on ${cliDate(last)}`,
    `  Next Communication Attempt: ${cliDate(plusDays(last, 30))}`,
    `  Communication Deadline: ${cliDate(registration.authorizationExpires)}`,
  ];
};

/** `show license status`: transport, registration and authorization of the node's agent (the publisher's). */
export const licenseStatusView = (agent: Readonly<SmartAgentState>): string =>
  ['Smart Licensing is ENABLED', '', ...transportLines(agent.transport), '', ...registrationLines(agent, agent.registration), '', ...authorizationLines(agent.registration)].join('\n');

/** `show license usage`: one entry per entitlement the cluster reports in its license mode. */
export const licenseUsageView = (cluster: UcClusterState, agent: Readonly<SmartAgentState>): string => {
  const registration = agent.registration;
  const entitlementStatus = registration ? AUTHORIZATION[registration.authorizationStatus] : 'EVAL MODE';
  const entries = reportedUsage(cluster.usage, cluster.licenseMode).flatMap((u) => [
    '',
    `(${u.license}):`,
    `  Description: ${u.license}`,
    `  Count: ${u.count}`,
    '  Version: 1.0',
    `  Status: ${entitlementStatus}`,
    '  Export status: NOT RESTRICTED',
  ]);
  return [...authorizationLines(registration).slice(0, 2), ...entries].join('\n');
};

/** The product instance identifier of the node's agent. */
export const udiView = (node: UcNodeState): string => `UDI: PID:CER,SN:${agentNodeOf(node).hostname}`;

/** `show license all`: status, usage, product information and agent version. */
export const licenseAllView = (node: UcNodeState, agent: Readonly<SmartAgentState>): string =>
  [
    'Smart Licensing Status',
    '======================',
    '',
    licenseStatusView(agent),
    '',
    'License Usage',
    '=============',
    '',
    licenseUsageView(node.cluster, agent),
    '',
    'Product Information',
    '===================',
    udiView(node),
    '',
    'Agent Version',
    '=============',
    'Smart Agent for Licensing: 4.6.0',
  ].join('\n');

/** `show license summary`: the registration and authorization status and one line per entitlement. */
export const licenseSummaryView = (cluster: UcClusterState, agent: Readonly<SmartAgentState>): string => {
  const registration = agent.registration;
  const usage = reportedUsage(cluster.usage, cluster.licenseMode);
  return [
    'Smart Licensing is ENABLED',
    '',
    'Registration:',
    `  Status: ${registration ? 'REGISTERED' : 'UNREGISTERED'}`,
    ...(registration ? [`  Smart Account: ${registration.smartAccount}`, `  Virtual Account: ${registration.virtualAccount}`] : []),
    '',
    'License Authorization:',
    `  Status: ${registration ? AUTHORIZATION[registration.authorizationStatus] : 'EVAL MODE'}`,
    '',
    'License Usage:',
    ...usage.map((u) => `  ${u.license}  ${u.count}`),
  ].join('\n');
};

/**
 * `show network cluster` (CER Administration Guide 12.5(1)SU1 sample): `<ip> <fqdn> <hostname> Publisher|Subscriber
 * ciscoer DBPub|DBSub authenticated ...`, then `Successful`.
 */
export const networkClusterView = (cluster: UcClusterState): string =>
  [
    ...cluster.nodes.map((n) =>
      n.publisher
        ? `${n.address} ${n.hostname}.${DOMAIN} ${n.hostname} Publisher ciscoer DBPub authenticated`
        : `${n.address} ${n.hostname}.${DOMAIN} ${n.hostname} Subscriber ciscoer DBSub authenticated using TCP since Thu Jan 1 00:00:00 2026`,
    ),
    '',
    'Successful',
  ].join('\n');
