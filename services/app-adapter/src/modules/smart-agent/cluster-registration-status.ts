import type { SmartAgentStatus } from '#libs/contracts';
import type { AgentNodeState } from '../../drivers/smart-agent.driver.js';

export type ClusterRegistration = Pick<
  SmartAgentStatus,
  'registrationStatus' | 'authorizationStatus' | 'smartAccount' | 'virtualAccount' | 'virtualAccounts' | 'registrationExpires' | 'authorizationExpires'
>;

const earliest = (values: (string | null)[]): string | null => values.filter((v): v is string => v !== null).sort()[0] ?? null;

/**
 * A cluster's registration from its nodes' agents (guide, Cluster Summary): registered when every node is, to one
 * virtual account; "multiple virtual accounts" when registered nodes name several VAs; "partially registered" when
 * some nodes are registered and others not (both Expressway only: the other applications report one agent).
 */
export const clusterRegistration = (nodes: AgentNodeState[]): ClusterRegistration => {
  const registered = nodes.filter((n) => n.registrationStatus === 'registered');
  const virtualAccounts = [...new Set(registered.map((n) => n.virtualAccount).filter((v): v is string => v !== null))].sort();
  const registrationStatus: SmartAgentStatus['registrationStatus'] =
    nodes.length === 0
      ? 'unknown'
      : virtualAccounts.length > 1
        ? 'multiple-virtual-accounts'
        : registered.length === nodes.length
          ? 'registered'
          : registered.length > 0
            ? 'partially-registered'
            : nodes.some((n) => n.registrationStatus === 'deregistered')
              ? 'deregistered'
              : 'evaluation';
  const reference = registered[0] ?? nodes[0];
  return {
    registrationStatus,
    authorizationStatus: reference?.authorizationStatus ?? null,
    smartAccount: reference?.smartAccount ?? null,
    virtualAccount: virtualAccounts.length === 1 ? virtualAccounts[0]! : null,
    virtualAccounts,
    registrationExpires: earliest(registered.map((n) => n.registrationExpires)),
    authorizationExpires: earliest(registered.map((n) => n.authorizationExpires)),
  };
};
