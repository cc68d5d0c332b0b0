import { agentErrorRow, hasAgentErrorRow, productOf, type AgentErrorRow, type AgentOperation } from '#simulators/common';
import { agentNodeOf, agentOf, hasCondition, isExpressway, type UcClusterState, type UcNodeState } from './cluster.store.js';
import { readRegistration, type CssmAgentClient, type CssmResult } from './cssm-agent.client.js';
import { reportedUsage } from './license-usage.js';
import type { Registration, SmartAgentState, TransportSettings } from './smart-agent.state.js';
import { validateTransportSettings, type TransportSettingsInput } from './transport-settings.js';

/** An expected failure is a row of the guide's error mapping table (errors are data, not exceptions). */
export type AgentOutcome<T> = { ok: true; value: T } | { ok: false; error: AgentErrorRow };

const ok = <T>(value: T): AgentOutcome<T> => ({ ok: true, value });

/** The mapping row `<operation>.<reason>`; operations without that row answer their "unknown error" row. */
const fail = (operation: AgentOperation, reason: string): AgentOutcome<never> => {
  const key = `${operation}.${reason}`;
  return { ok: false, error: agentErrorRow(hasAgentErrorRow(key) ? key : `${operation}.unknown-error`) };
};

/** CSSM answered nothing usable: the mapping table's communication rows, or its unknown error. */
const communicationFailure = (operation: AgentOperation, result: CssmResult): AgentOutcome<never> => {
  if (result.kind === 'send') return fail(operation, 'communication-send-error');
  if (result.kind === 'timeout') return fail(operation, 'communication-timeout');
  return fail(operation, 'unknown-error');
};

/** The product instance id the simulated agent registers under in CSSM: one per agent node. */
export const instanceIdOf = (node: UcNodeState): string => `${node.cluster.id}/${agentNodeOf(node).hostname}`;

/** Subscribers of Unified CM / Unity Connection / Emergency Responder delegate licensing to the publisher. */
const isSubscriber = (node: UcNodeState): boolean => !isExpressway(node.cluster) && !node.publisher;

const isRegistered = (node: UcNodeState): boolean => agentOf(node).state === 'REGISTERED';

/** Writes the agent of the node's agent node (copy-on-write: pristine agents are shared and frozen). */
const updateAgent = (node: UcNodeState, change: (agent: SmartAgentState) => SmartAgentState): SmartAgentState => {
  const target = agentNodeOf(node);
  const current = target.agent ?? { state: 'EVALUATION', transport: { mode: 0 } };
  target.agent = change({ ...current, transport: { ...current.transport } });
  return target.agent;
};

/**
 * The smart agent rules of the guide's "Smart Licensing Error Code and Message Mapping": which operation is allowed
 * in which state and on which node, and how CSSM's answers (or silence) become the table's rows.
 */
export class SmartAgentService {
  constructor(private readonly cssm: CssmAgentClient) {}

  licenseDetails(node: UcNodeState): AgentOutcome<Readonly<SmartAgentState>> {
    if (hasCondition(node.cluster, 'licenseDatabaseUnavailable')) return fail('licensedetails', 'license-count-unavailable');
    return ok(agentOf(node));
  }

  async register(node: UcNodeState, token: string, force: boolean): Promise<AgentOutcome<Registration>> {
    const cluster = node.cluster;
    if (isSubscriber(node)) return fail('register', 'subscriber-node');
    if (hasCondition(cluster, 'smartLicenseServerStopped')) return fail('register', 'server-not-running');
    if (isRegistered(node) && !force) return fail('register', 'already-registered');
    if (hasCondition(cluster, 'invalidTrustChain')) return fail('register', 'invalid-trust-chain');
    if (hasCondition(cluster, 'registrationRejected')) return fail('register', 'unable-to-register');
    if (token.trim() === '') return fail('register', 'invalid-token');
    const result = await this.cssm.register({
      token,
      instanceId: instanceIdOf(node),
      productType: productOf(cluster.type),
      hostname: agentNodeOf(node).hostname,
      licenseMode: cluster.licenseMode,
      usage: reportedUsage(cluster.usage, cluster.licenseMode),
    });
    if (result.kind === 'answer' && result.status === 200) {
      const answer = readRegistration(result.body);
      const now = new Date().toISOString();
      const registration: Registration = {
        smartAccount: answer.smartAccount ?? '',
        virtualAccount: answer.virtualAccount ?? '',
        registeredAt: answer.registeredAt ?? now,
        registrationExpires: answer.registrationExpires ?? now,
        authorizationExpires: answer.authorizationExpires ?? now,
        authorizationStatus: answer.authorizationStatus ?? 'AUTHORIZED',
        exportControlled: answer.exportControlled ?? false,
      };
      updateAgent(node, (agent) => ({ ...agent, state: 'REGISTERED', registration }));
      return ok(registration);
    }
    if (result.kind === 'answer' && result.status >= 400 && result.status < 500) {
      return result.body.error === 'INVALID_TOKEN' ? fail('register', 'invalid-token') : fail('register', 'unable-to-register');
    }
    return communicationFailure('register', result);
  }

  async deregister(node: UcNodeState): Promise<AgentOutcome<true>> {
    const cluster = node.cluster;
    if (isSubscriber(node) || !isRegistered(node)) return fail('deregister', 'not-allowed');
    if (hasCondition(cluster, 'smartLicenseServerStopped')) return fail('deregister', 'server-not-running');
    if (hasCondition(cluster, 'invalidTrustChain')) return fail('deregister', 'invalid-trust-chain');
    const result = await this.cssm.deregister(instanceIdOf(node));
    // 404 NOT_REGISTERED: CSSM already forgot the instance (removed by hand); the agent still deregisters locally.
    if (result.kind === 'answer' && (result.status === 200 || result.status === 404)) {
      updateAgent(node, (agent) => ({ state: 'DEREGISTERED', transport: agent.transport }));
      return ok(true);
    }
    return communicationFailure('deregister', result);
  }

  renewId(node: UcNodeState): Promise<AgentOutcome<Registration>> {
    return this.renew(node, 'renewID');
  }

  renewAuth(node: UcNodeState): Promise<AgentOutcome<Registration>> {
    return this.renew(node, 'renewAuth');
  }

  transportSettings(node: UcNodeState): Readonly<TransportSettings> {
    return agentOf(node).transport;
  }

  setTransportSettings(node: UcNodeState, input: TransportSettingsInput): AgentOutcome<TransportSettings> {
    if (isSubscriber(node) || isRegistered(node)) return fail('transportsettings', 'not-allowed');
    const validation = validateTransportSettings(input);
    if (!validation.ok) return fail('transportsettings', validation.failure);
    if (hasCondition(node.cluster, 'transportApplyFails')) return fail('transportsettings', 'apply-failed');
    return ok(updateAgent(node, (agent) => ({ ...agent, transport: validation.settings })).transport);
  }

  /** After a license mode change the registered agents report their usage under the new license names. */
  async reportUsage(cluster: UcClusterState): Promise<void> {
    const usage = reportedUsage(cluster.usage, cluster.licenseMode);
    const agents = isExpressway(cluster) ? cluster.nodes : cluster.nodes.filter((n) => n.publisher);
    await Promise.all(agents.filter(isRegistered).map((node) => this.cssm.reportUsage(instanceIdOf(node), usage, cluster.licenseMode)));
  }

  private async renew(node: UcNodeState, operation: 'renewID' | 'renewAuth'): Promise<AgentOutcome<Registration>> {
    const cluster = node.cluster;
    if (isSubscriber(node) || !isRegistered(node)) return fail(operation, 'not-allowed');
    if (hasCondition(cluster, 'smartLicenseServerStopped')) return fail(operation, 'server-not-running');
    if (hasCondition(cluster, 'invalidTrustChain')) return fail(operation, 'invalid-trust-chain');
    const instanceId = instanceIdOf(node);
    const result = operation === 'renewID' ? await this.cssm.renewId(instanceId) : await this.cssm.renewAuth(instanceId);
    if (result.kind === 'answer' && result.status === 200) {
      const now = new Date().toISOString();
      const agent = updateAgent(node, (current) => {
        const previous = current.registration!;
        const registration: Registration = { ...previous, ...readRegistration(result.body) };
        if (operation === 'renewID') registration.lastRenewId = now;
        else registration.lastRenewAuth = now;
        return { ...current, registration };
      });
      return ok(agent.registration!);
    }
    return communicationFailure(operation, result);
  }
}
