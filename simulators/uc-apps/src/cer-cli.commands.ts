import type { AgentErrorRow } from '#simulators/common';
import { agentOf, type UcNodeState } from './cluster.store.js';
import { licenseAllView, licenseStatusView, licenseSummaryView, licenseUsageView, networkClusterView, udiView } from './license-cli.view.js';
import type { SmartAgentService, AgentOutcome } from './smart-agent.service.js';
import type { TransportSettingsInput } from './transport-settings.js';

/**
 * Emergency Responder's platform CLI commands for smart licensing (CER CLI Guide 12.5(1)SU3, "License Manager
 * Commands" and "show license"), run by the simulator's own smart agent rules. WIRE-FORMATS.md §4.
 */

/** The last line of a command that failed (the VOS CLI's words, e.g. the CLI Reference Guide's `show haproxy` example). */
export const CLI_FAILED = 'Executed command unsuccessfully';
/** What the VOS CLI answers for a command it does not know. */
export const CLI_UNKNOWN_COMMAND = 'No valid command entered';
/** The register command's answer: Cisco's smart agent words (they name the status command to follow up with). */
export const REGISTRATION_IN_PROGRESS = "Registration process is in progress. Use the 'show license status' command to check the progress and result";
export const CLI_SUCCESSFUL = 'Successful';

export interface CerCliCommand {
  /** `cer.cli.<command>`: the fault, latency and call-count route of the command. */
  routeId: string;
  /** The text the CLI prints before its next prompt. */
  run(node: UcNodeState): Promise<string> | string;
}

const failed = (row: AgentErrorRow): string => `${row.message}\n${CLI_FAILED}`;

const answer = <T>(outcome: AgentOutcome<T>, success: string): string => (outcome.ok ? success : failed(outcome.error));

/** Splits a command line on blanks; a double-quoted argument keeps its blanks (the reservation commands quote theirs). */
export const cliTokens = (line: string): string[] => {
  const tokens: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) tokens.push(m[1] ?? m[2]!);
  return tokens;
};

const UNKNOWN: CerCliCommand = { routeId: 'cer.cli.other', run: () => `${CLI_FAILED}\n${CLI_UNKNOWN_COMMAND}` };

const transport = (agent: SmartAgentService, input: TransportSettingsInput): CerCliCommand => ({
  routeId: 'cer.cli.transport',
  run: (node) => answer(agent.setTransportSettings(node, input), CLI_SUCCESSFUL),
});

const licenseSmart = (agent: SmartAgentService, args: string[]): CerCliCommand => {
  const [verb, ...rest] = args;
  const words = rest.map((w) => w.toLowerCase());
  switch (verb?.toLowerCase()) {
    case 'register':
      if (words[0] !== 'idtoken' || rest.length > 3 || (rest.length === 3 && words[2] !== 'force')) return UNKNOWN;
      return { routeId: 'cer.cli.register', run: async (node) => answer(await agent.register(node, rest[1] ?? '', words[2] === 'force'), REGISTRATION_IN_PROGRESS) };
    case 'deregister':
      return rest.length ? UNKNOWN : { routeId: 'cer.cli.deregister', run: async (node) => answer(await agent.deregister(node), CLI_SUCCESSFUL) };
    case 'renew':
      if (words.length !== 1) return UNKNOWN;
      if (words[0] === 'id') return { routeId: 'cer.cli.renew-id', run: async (node) => answer(await agent.renewId(node), CLI_SUCCESSFUL) };
      if (words[0] === 'auth') return { routeId: 'cer.cli.renew-auth', run: async (node) => answer(await agent.renewAuth(node), CLI_SUCCESSFUL) };
      return UNKNOWN;
    case 'call-home':
      // destination address default | destination address TransportGateway <url> | proxy <ip> <port>
      if (words[0] === 'destination' && words[1] === 'address' && words[2] === 'default' && rest.length === 3) return transport(agent, { mode: 0 });
      if (words[0] === 'destination' && words[1] === 'address' && words[2] === 'transportgateway' && rest.length <= 4) return transport(agent, { mode: 2, gatewayUrl: rest[3] });
      if (words[0] === 'proxy' && rest.length <= 3) return transport(agent, { mode: 1, proxyIp: rest[1], proxyPort: rest[2] });
      return UNKNOWN;
    case 'transport':
      // proxy <proxy-server> <proxy-port> <proxy-user> <proxy-password>
      if (words[0] !== 'proxy' || rest.length > 5) return UNKNOWN;
      return transport(agent, { mode: 1, proxyIp: rest[1], proxyPort: rest[2], proxyUser: rest[3] ?? '', proxyPassword: rest[4] ?? '' });
    default:
      return UNKNOWN;
  }
};

/** `show license <what>`: every variant Cisco lists for Emergency Responder. */
const showLicense = (agent: SmartAgentService, args: string[]): CerCliCommand => {
  const what = args.join(' ').toLowerCase();
  const withCounts = (render: (node: UcNodeState) => string) => (node: UcNodeState) => {
    // The counts come from the license database; the status alone does not need it.
    const details = agent.licenseDetails(node);
    return details.ok ? render(node) : failed(details.error);
  };
  switch (what) {
    case 'status':
      return { routeId: 'cer.cli.show-license-status', run: (node) => licenseStatusView(agentOf(node)) };
    case 'usage':
      return { routeId: 'cer.cli.show-license-usage', run: withCounts((node) => licenseUsageView(node.cluster, agentOf(node))) };
    case 'all':
      return { routeId: 'cer.cli.show-license-all', run: withCounts((node) => licenseAllView(node, agentOf(node))) };
    case 'tech support':
      return { routeId: 'cer.cli.show-license-tech-support', run: withCounts((node) => licenseAllView(node, agentOf(node))) };
    case 'summary':
      return { routeId: 'cer.cli.show-license-summary', run: withCounts((node) => licenseSummaryView(node.cluster, agentOf(node))) };
    case 'udi':
      return { routeId: 'cer.cli.show-license-udi', run: (node) => udiView(node) };
    case 'trace':
      return { routeId: 'cer.cli.show-license-trace', run: () => 'No smart agent trace available' };
    default:
      return UNKNOWN;
  }
};

/** The command a line asks for; `exit` ends the session, an empty line just prompts again. */
export const parseCerCommand = (agent: SmartAgentService, line: string): CerCliCommand | 'exit' | 'empty' => {
  const tokens = cliTokens(line);
  if (tokens.length === 0) return 'empty';
  const [first, second, ...rest] = tokens.map((t, i) => (i < 2 ? t.toLowerCase() : t));
  if (first === 'exit' || first === 'quit') return 'exit';
  if (first === 'license' && second === 'smart') return licenseSmart(agent, tokens.slice(2));
  if (first === 'show' && second === 'license') return showLicense(agent, rest);
  if (first === 'show' && second === 'network' && rest.length === 1 && rest[0]!.toLowerCase() === 'cluster') {
    return { routeId: 'cer.cli.show-network-cluster', run: (node) => networkClusterView(node.cluster) };
  }
  return UNKNOWN;
};
