import { SmartlicException, type CaaTransportSettings, type LicenseMode, type SmartAgentOperation } from '#libs/contracts';
import { errorText, parseJsonAnswer, smartAgentError } from '../app-error.mapper.js';
import type { ClusterTarget, TargetNode } from '../cluster-target.js';
import type { UcHttpClient, UcResponse } from '../http/uc-http.client.js';
import type { AgentNodeState, AgentStatus, AgentUsage, LicenseModeAnswer, SmartAgentDriver } from '../smart-agent.driver.js';
import { checkClusterNodes } from './expressway-cluster.js';
import {
  EXPRESSWAY_CLUSTER_PEERS_PATH,
  EXPRESSWAY_CREDENTIAL,
  EXPRESSWAY_ERROR_MESSAGE_KEYS,
  EXPRESSWAY_PATHS,
  EXPRESSWAY_STATUS_PATH,
  expresswayClusterPeersSchema,
  expresswayDateToIso,
  expresswayStatusSchema,
  expresswaySuccessSchema,
  expresswayTransportSchema,
  fromExpresswayTransport,
  registerBody,
  renewBody,
  toExpresswayTransport,
} from './expressway.wire-format.js';

type Outcome<T> = { node: TargetNode; ok: true; value: T } | { node: TargetNode; ok: false; error: unknown };

const settle = async <T>(nodes: TargetNode[], run: (node: TargetNode) => Promise<T>): Promise<Outcome<T>[]> =>
  Promise.all(nodes.map(async (node): Promise<Outcome<T>> => {
    try {
      return { node, ok: true, value: await run(node) };
    } catch (error) {
      return { node, ok: false, error };
    }
  }));

/** The first failure, with which nodes succeeded and which failed (a cluster may end up partially registered). */
const firstFailure = <T>(outcomes: Outcome<T>[]): SmartlicException | undefined => {
  const failed = outcomes.filter((o): o is Extract<Outcome<T>, { ok: false }> => !o.ok);
  if (failed.length === 0) return undefined;
  const first = failed[0]!.error;
  if (!(first instanceof SmartlicException)) throw first;
  return new SmartlicException({
    ...first.toJSON(),
    details: { ...first.details, succeededNodes: outcomes.filter((o) => o.ok).map((o) => o.node.hostname), failedNodes: failed.map((o) => o.node.hostname) },
  });
};

/**
 * Expressway-C/E: every node carries its own smart agent, so every operation runs on every node of the inventory.
 * Registration first reads the cluster's clustering configuration from the application and applies the guide's
 * node-count rule (expressway-cluster.ts): no node is registered unless the provisioned nodes are exactly the peers.
 */
export class ExpresswayDriver implements SmartAgentDriver {
  readonly applicationType = 'expressway' as const;

  constructor(private readonly http: UcHttpClient) {}

  async register(target: ClusterTarget, token: string, force: boolean, onlyNodes?: readonly string[]): Promise<TargetNode[]> {
    checkClusterNodes(target.clusterId, target.nodes, await this.clusterPeers(target));
    // A registration cut short (app-adapter killed between two nodes) is resumed on the nodes it did not reach: a
    // second register on a registered node would be refused (CAA1081) or, forced, register that agent twice.
    const nodes = onlyNodes ? target.nodes.filter((n) => onlyNodes.includes(n.hostname)) : target.nodes;
    if (nodes.length === 0) throw SmartlicException.fromCode('CAA1003', { clusterId: target.clusterId, reason: `no provisioned node named ${onlyNodes!.join(', ')}` });
    const outcomes = await settle(nodes, (node) => this.post(target, node, 'register', EXPRESSWAY_PATHS.register, registerBody(token, force)));
    const failure = firstFailure(outcomes);
    if (failure) throw failure;
    return nodes;
  }

  async deregister(target: ClusterTarget): Promise<TargetNode[]> {
    const reads = await settle(target.nodes, (node) => this.nodeStatus(target, node));
    const readFailure = firstFailure(reads);
    if (readFailure) throw readFailure;
    const registered = reads.filter((r) => r.ok && r.value.registrationStatus === 'registered').map((r) => r.node);
    if (registered.length === 0) throw SmartlicException.fromCode('CAA1042', { clusterId: target.clusterId, reason: 'no node of the cluster is registered' });
    const outcomes = await settle(registered, (node) => this.post(target, node, 'deregister', EXPRESSWAY_PATHS.deregister, '{}'));
    const failure = firstFailure(outcomes);
    if (failure) throw failure;
    return registered;
  }

  renewId(target: ClusterTarget): Promise<TargetNode[]> {
    return this.everyNode(target, 'renewID', EXPRESSWAY_PATHS.renew, renewBody('ID'));
  }

  renewAuth(target: ClusterTarget): Promise<TargetNode[]> {
    return this.everyNode(target, 'renewAuth', EXPRESSWAY_PATHS.renew, renewBody('Authorization'));
  }

  async getTransport(target: ClusterTarget): Promise<CaaTransportSettings> {
    const node = target.nodes[0]!;
    const res = await this.call(target, node, 'transportsettings', { method: 'GET', path: EXPRESSWAY_PATHS.transport, idempotent: true });
    return fromExpresswayTransport(parseJsonAnswer(res, expresswayTransportSchema, this.context(target, node)));
  }

  /**
   * Every node answers the PUT with a bare success message: the answer is the body every node accepted, read as
   * transport.get would read it (no read-back, one call per node fewer).
   */
  async setTransport(target: ClusterTarget, settings: CaaTransportSettings): Promise<CaaTransportSettings> {
    const body = toExpresswayTransport(settings);
    const outcomes = await settle(target.nodes, (node) => this.call(target, node, 'transportsettings', { method: 'PUT', path: EXPRESSWAY_PATHS.transport, body }));
    const failure = firstFailure(outcomes);
    if (failure) throw failure;
    return fromExpresswayTransport(expresswayTransportSchema.parse(JSON.parse(body)));
  }

  async status(target: ClusterTarget): Promise<AgentStatus> {
    const reads = await settle(target.nodes, (node) => this.nodeStatus(target, node));
    const failure = firstFailure(reads);
    if (failure) throw failure;
    return { licenseMode: null, nodes: reads.map((r) => (r as Extract<typeof r, { ok: true }>).value) };
  }

  /** Expressway reports no license counts through its smart-licensing API: usage is empty, read from a live node. */
  async licenseUsage(target: ClusterTarget): Promise<AgentUsage> {
    await this.nodeStatus(target, target.nodes[0]!);
    return { licenseMode: null, usage: [] };
  }

  getLicenseMode(target: ClusterTarget): Promise<LicenseMode> {
    return Promise.reject(this.noLicenseMode(target));
  }

  setLicenseMode(target: ClusterTarget): Promise<LicenseModeAnswer> {
    return Promise.reject(this.noLicenseMode(target));
  }

  /**
   * The peers of the cluster's clustering configuration, read from the first node that answers (the one provisioned
   * as publisher first): every peer holds the replicated configuration. One call per registration.
   */
  private async clusterPeers(target: ClusterTarget): Promise<string[]> {
    const nodes = [...target.nodes].sort((a, b) => Number(b.publisher) - Number(a.publisher));
    for (const [i, node] of nodes.entries()) {
      let res: UcResponse;
      try {
        res = await this.http.send(target, node, { method: 'GET', path: EXPRESSWAY_CLUSTER_PEERS_PATH, credential: EXPRESSWAY_CREDENTIAL, idempotent: true });
      } catch (error) {
        // A node that cannot be reached may be the one HCM-F has too many: ask the next one.
        if (error instanceof SmartlicException && error.code === 'CAA1046' && i < nodes.length - 1) continue;
        throw error;
      }
      const context = this.context(target, node);
      if (res.status === 401) throw SmartlicException.fromCode('CAA1035', { ...context, httpStatus: 401 });
      if (res.status !== 200) throw SmartlicException.fromCode('CAA1029', { ...context, httpStatus: res.status, path: EXPRESSWAY_CLUSTER_PEERS_PATH, upstreamMessage: errorText(res, EXPRESSWAY_ERROR_MESSAGE_KEYS).message.slice(0, 500) });
      return parseJsonAnswer(res, expresswayClusterPeersSchema, context).map((p) => p.PeerAddress.trim()).filter((p) => p !== '');
    }
    throw new Error(`cluster ${target.clusterId} has no node`);
  }

  private noLicenseMode(target: ClusterTarget): SmartlicException {
    return SmartlicException.fromCode('CAA1044', { clusterId: target.clusterId, reason: 'Expressway has no HCS/Enterprise license mode' });
  }

  private async everyNode(target: ClusterTarget, operation: SmartAgentOperation, path: string, body: string): Promise<TargetNode[]> {
    const outcomes = await settle(target.nodes, (node) => this.post(target, node, operation, path, body));
    const failure = firstFailure(outcomes);
    if (failure) throw failure;
    return target.nodes;
  }

  private async nodeStatus(target: ClusterTarget, node: TargetNode): Promise<AgentNodeState> {
    const res = await this.call(target, node, 'licensedetails', { method: 'GET', path: EXPRESSWAY_STATUS_PATH, idempotent: true });
    const s = parseJsonAnswer(res, expresswayStatusSchema, this.context(target, node));
    const registered = s.Registration.RegistrationStatus === 'REGISTERED';
    return {
      hostname: node.hostname,
      address: node.address,
      registrationStatus: registered ? 'registered' : 'evaluation',
      authorizationStatus: s.Authorization.LicenseAuthorizationStatus,
      smartAccount: registered && s.SmartAccount !== '' ? s.SmartAccount : null,
      virtualAccount: registered && s.VirtualAccount !== '' ? s.VirtualAccount : null,
      registrationExpires: expresswayDateToIso(s.Registration.RegistrationExpires),
      authorizationExpires: expresswayDateToIso(s.Authorization.AuthorizationExpires),
    };
  }

  private async post(target: ClusterTarget, node: TargetNode, operation: SmartAgentOperation, path: string, body: string): Promise<void> {
    const res = await this.call(target, node, operation, { method: 'POST', path, body });
    parseJsonAnswer(res, expresswaySuccessSchema, this.context(target, node));
  }

  private async call(target: ClusterTarget, node: TargetNode, operation: SmartAgentOperation, req: { method: 'GET' | 'PUT' | 'POST'; path: string; body?: string; idempotent?: boolean }): Promise<UcResponse> {
    const res = await this.http.send(target, node, {
      method: req.method,
      path: req.path,
      credential: EXPRESSWAY_CREDENTIAL,
      ...(req.body !== undefined ? { body: req.body, contentType: 'application/json' } : {}),
      idempotent: req.idempotent ?? false,
    });
    if (res.status === 200) return res;
    const { message, code } = errorText(res, EXPRESSWAY_ERROR_MESSAGE_KEYS);
    throw smartAgentError(operation, res.status, message, this.context(target, node), code);
  }

  private context(target: ClusterTarget, node: TargetNode) {
    return { clusterId: target.clusterId, node: node.hostname };
  }
}
