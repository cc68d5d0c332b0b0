import type { SimClusterType, SimLicenseMode } from '#simulators/common';
import { PRISTINE_AGENT, type SmartAgentState } from './smart-agent.state.js';
import {
  CLUSTER_CONDITIONS,
  ucAppsScenarioSchema,
  ucClusterSchema,
  type ClusterCondition,
  type LicenseUsage,
  type UcAppsScenario,
  type UcClusterInput,
} from './scenario.schema.js';

export interface Credential {
  username: string;
  password: string;
}

export interface UcNodeState {
  readonly cluster: UcClusterState;
  hostname: string;
  address: string;
  publisher: boolean;
  /** Undefined until the agent leaves its pristine evaluation state. */
  agent?: SmartAgentState;
}

export interface UcClusterState {
  id: string;
  customerId?: string;
  name: string;
  type: SimClusterType;
  version: string;
  licenseMode: SimLicenseMode;
  credentials: { admin: Credential; platform: Credential };
  nodes: UcNodeState[];
  usage: LicenseUsage[];
  /** Bit set over CLUSTER_CONDITIONS (compact: one number per cluster). */
  conditions: number;
  /** Epoch ms until which the publisher reboots and every node resets connections; 0 = up. */
  rebootUntil: number;
  /** Expressway: the clustering configuration's peers when set apart from the nodes (see clusterPeersOf). */
  clusterPeers?: string[];
}

const conditionBit = (condition: ClusterCondition): number => 1 << CLUSTER_CONDITIONS.indexOf(condition);

export const isExpressway = (cluster: Pick<UcClusterState, 'type'>): boolean => cluster.type === 'expressway-c' || cluster.type === 'expressway-e';

export const hasCondition = (cluster: UcClusterState, condition: ClusterCondition): boolean => (cluster.conditions & conditionBit(condition)) !== 0;

export const isRebooting = (cluster: UcClusterState, now = Date.now()): boolean => cluster.rebootUntil > now;

/** The node whose smart agent serves `node`: itself on Expressway, the publisher otherwise. */
export const agentNodeOf = (node: UcNodeState): UcNodeState =>
  isExpressway(node.cluster) ? node : (node.cluster.nodes.find((n) => n.publisher) ?? node);

export const agentOf = (node: UcNodeState): Readonly<SmartAgentState> => agentNodeOf(node).agent ?? PRISTINE_AGENT;

/** The peers of an Expressway cluster's clustering configuration: as set, else every node's address ([] = none). */
export const clusterPeersOf = (cluster: UcClusterState): readonly string[] => cluster.clusterPeers ?? cluster.nodes.map((n) => n.address);

/** Normalises a Host header value or address for lookup: lower case, no port, no IPv6 brackets. */
export const hostKey = (host: string): string => {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.indexOf(':');
  // More than one colon is a bare IPv6 address, which has no port.
  return colon >= 0 && colon === h.lastIndexOf(':') ? h.slice(0, colon) : h;
};

/** Every simulated cluster, with nodes indexed by address for Host-header routing. */
export class ClusterStore {
  private readonly byId = new Map<string, UcClusterState>();
  private readonly byAddress = new Map<string, UcNodeState>();

  get size(): number {
    return this.byId.size;
  }

  /** Replaces every cluster with the scenario's. */
  seed(scenario: UcAppsScenario): void {
    const parsed = ucAppsScenarioSchema.parse(scenario);
    this.byId.clear();
    this.byAddress.clear();
    for (const cluster of parsed.clusters) this.add(cluster);
  }

  /** Adds one cluster; throws when its id or one of its node addresses is taken. */
  add(input: UcClusterInput): UcClusterState {
    const config = ucClusterSchema.parse(input);
    if (this.byId.has(config.id)) throw new Error(`cluster ${config.id} already exists`);
    for (const node of config.nodes) {
      if (this.byAddress.has(hostKey(node.address))) throw new Error(`node address ${node.address} is already in use`);
    }
    const cluster: UcClusterState = {
      id: config.id,
      name: config.name,
      type: config.type,
      version: config.version,
      licenseMode: config.licenseMode,
      credentials: { admin: { ...config.credentials.admin }, platform: { ...config.credentials.platform } },
      nodes: [],
      usage: config.usage.map((u) => ({ ...u })),
      conditions: config.conditions.reduce((bits, c) => bits | conditionBit(c), 0),
      rebootUntil: 0,
    };
    if (config.customerId !== undefined) cluster.customerId = config.customerId;
    if (config.clusterPeers !== undefined) cluster.clusterPeers = [...config.clusterPeers];
    cluster.nodes = config.nodes.map((n) => ({ cluster, hostname: n.hostname, address: n.address, publisher: n.publisher }));
    this.byId.set(cluster.id, cluster);
    for (const node of cluster.nodes) this.byAddress.set(hostKey(node.address), node);
    return cluster;
  }

  remove(id: string): boolean {
    const cluster = this.byId.get(id);
    if (!cluster) return false;
    for (const node of cluster.nodes) this.byAddress.delete(hostKey(node.address));
    return this.byId.delete(id);
  }

  get(id: string): UcClusterState | undefined {
    return this.byId.get(id);
  }

  /** The node a request is for, from the host part of its Host header (or a provisioned address). */
  nodeByHost(host: string): UcNodeState | undefined {
    return this.byAddress.get(hostKey(host));
  }

  values(): IterableIterator<UcClusterState> {
    return this.byId.values();
  }

  setCredentials(id: string, credentials: { admin?: Credential; platform?: Credential }): UcClusterState {
    const cluster = this.require(id);
    if (credentials.admin) cluster.credentials.admin = { ...credentials.admin };
    if (credentials.platform) cluster.credentials.platform = { ...credentials.platform };
    return cluster;
  }

  /** Switches conditions on (true) or off (false); others keep their value. */
  setConditions(id: string, conditions: Partial<Record<ClusterCondition, boolean>>): UcClusterState {
    const cluster = this.require(id);
    for (const [name, on] of Object.entries(conditions) as [ClusterCondition, boolean | undefined][]) {
      if (on === undefined) continue;
      cluster.conditions = on ? cluster.conditions | conditionBit(name) : cluster.conditions & ~conditionBit(name);
    }
    return cluster;
  }

  /** Sets an Expressway cluster's clustering configuration (`[]`: none); null goes back to its nodes. */
  setClusterPeers(id: string, peers: readonly string[] | null): UcClusterState {
    const cluster = this.require(id);
    if (!isExpressway(cluster)) throw new Error(`cluster ${id} is not an Expressway cluster`);
    if (peers === null) delete cluster.clusterPeers;
    else cluster.clusterPeers = [...peers];
    return cluster;
  }

  conditionsOf(cluster: UcClusterState): ClusterCondition[] {
    return CLUSTER_CONDITIONS.filter((c) => hasCondition(cluster, c));
  }

  require(id: string): UcClusterState {
    const cluster = this.byId.get(id);
    if (!cluster) throw new Error(`unknown cluster ${id}`);
    return cluster;
  }
}
