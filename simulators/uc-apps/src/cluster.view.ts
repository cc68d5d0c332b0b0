import { agentOf, clusterPeersOf, isExpressway, isRebooting, type ClusterStore, type UcClusterState, type UcNodeState } from './cluster.store.js';
import { reportedUsage } from './license-usage.js';
import type { SmartAgentState } from './smart-agent.state.js';

export interface UcNodeSnapshot {
  hostname: string;
  address: string;
  publisher: boolean;
  /** The node's own agent on Expressway and on the publisher; null on subscribers (the publisher's agent serves them). */
  smartAgent: SmartAgentState | null;
}

export interface UcClusterSnapshot {
  id: string;
  customerId?: string;
  name: string;
  type: UcClusterState['type'];
  version: string;
  licenseMode: UcClusterState['licenseMode'];
  rebooting: boolean;
  conditions: string[];
  credentials: UcClusterState['credentials'];
  usage: UcClusterState['usage'];
  /** The usage as reported to CSSM in the current license mode. */
  reportedUsage: UcClusterState['usage'];
  nodes: UcNodeSnapshot[];
  /** Expressway: the peers of its clustering configuration. */
  clusterPeers?: string[];
}

const copyAgent = (node: UcNodeState): SmartAgentState => structuredClone(agentOf(node)) as SmartAgentState;

/** A detached JSON copy of one cluster's state, for the admin API and tests. */
export const clusterSnapshot = (store: ClusterStore, cluster: UcClusterState): UcClusterSnapshot => ({
  id: cluster.id,
  ...(cluster.customerId !== undefined ? { customerId: cluster.customerId } : {}),
  name: cluster.name,
  type: cluster.type,
  version: cluster.version,
  licenseMode: cluster.licenseMode,
  rebooting: isRebooting(cluster),
  conditions: store.conditionsOf(cluster),
  credentials: structuredClone(cluster.credentials),
  usage: structuredClone(cluster.usage),
  reportedUsage: reportedUsage(cluster.usage, cluster.licenseMode),
  nodes: cluster.nodes.map((node) => ({
    hostname: node.hostname,
    address: node.address,
    publisher: node.publisher,
    smartAgent: isExpressway(cluster) || node.publisher ? copyAgent(node) : null,
  })),
  ...(isExpressway(cluster) ? { clusterPeers: [...clusterPeersOf(cluster)] } : {}),
});
