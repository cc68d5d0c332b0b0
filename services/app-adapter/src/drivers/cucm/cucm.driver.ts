import { SmartlicException, type CaaTransportSettings, type LicenseMode } from '#libs/contracts';
import { publisherOf, type ClusterTarget, type TargetNode } from '../cluster-target.js';
import type { UcHttpClient } from '../http/uc-http.client.js';
import { LicenseModeApi } from '../license-mode/license-mode.api.js';
import type { AgentNodeState, AgentStatus, AgentTransportSettings, AgentUsage, LicenseModeAnswer, SmartAgentDriver } from '../smart-agent.driver.js';
import { AxlClient } from './axl.client.js';
import {
  AXL_TEXT_MAX,
  axlDateToIso,
  axlReturnSchema,
  blankToNull,
  emptyRequest,
  licenseModeOfTags,
  licenseOfTag,
  processNodesRequest,
  processNodesResponseSchema,
  registerRequest,
  reRegisterRequest,
  registrationStatusOf,
  statusResponseSchema,
  transportModeOf,
  transportResponseSchema,
  updateTransportRequest,
  type AxlLicenseDetails,
  type AxlRequest,
} from './cucm.wire-format.js';

// The guide's 405 rows that say "... in either unregistered (registered) state or is a Subscriber node": the
// cluster's own list of process nodes tells which.
const STATE_OR_SUBSCRIBER_ROWS = new Set(['deregister.not-allowed', 'renewID.not-allowed', 'renewAuth.not-allowed', 'transportsettings.not-allowed']);

const sameNode = (name: string, node: TargetNode): boolean => {
  const n = name.trim().toLowerCase();
  return n === node.hostname.toLowerCase() || n === node.address.toLowerCase() || n.split('.')[0] === node.hostname.toLowerCase();
};

/**
 * Unified CM: every smart-licensing operation through AXL SOAP on the publisher (the operations of Cisco's AXL schema:
 * cucm.wire-format.ts); license mode through the platform's LicenseModeApi. A "not allowed ... or is a Subscriber
 * node" answer from a node the cluster does not list as its Publisher becomes CAA1049.
 */
export class CucmDriver implements SmartAgentDriver {
  readonly applicationType = 'cucm' as const;
  private readonly axl: AxlClient;
  private readonly licenseMode: LicenseModeApi;

  constructor(http: UcHttpClient) {
    this.axl = new AxlClient(http);
    this.licenseMode = new LicenseModeApi(http);
  }

  async register(target: ClusterTarget, token: string, force: boolean): Promise<TargetNode[]> {
    if (token.length > AXL_TEXT_MAX) throw SmartlicException.fromCode('CAA1048', { clusterId: target.clusterId, field: 'token', reason: `longer than ${AXL_TEXT_MAX} characters (AXL String255)` });
    const node = publisherOf(target);
    await this.run(target, node, force ? reRegisterRequest(token) : registerRequest(token));
    return [node];
  }

  async deregister(target: ClusterTarget): Promise<TargetNode[]> {
    const node = publisherOf(target);
    await this.run(target, node, emptyRequest('doSmartLicenseDeRegister'));
    return [node];
  }

  async renewId(target: ClusterTarget): Promise<TargetNode[]> {
    const node = publisherOf(target);
    await this.run(target, node, emptyRequest('doSmartLicenseRenewRegistration'));
    return [node];
  }

  async renewAuth(target: ClusterTarget): Promise<TargetNode[]> {
    const node = publisherOf(target);
    await this.run(target, node, emptyRequest('doSmartLicenseRenewAuthorization'));
    return [node];
  }

  async getTransport(target: ClusterTarget): Promise<CaaTransportSettings> {
    const node = publisherOf(target);
    const { TransportSettings: t } = await this.axl.call(target, node, emptyRequest('getTransportSettings'), transportResponseSchema);
    const mode = transportModeOf(t.transportmode);
    const reason = (why: string) => SmartlicException.fromCode('CAA1037', { clusterId: target.clusterId, node: node.hostname, axlOperation: 'getTransportSettings', reason: why });
    if (mode === undefined) throw reason(`TransportSettings.transportmode: unknown value ${JSON.stringify(t.transportmode ?? null)}`);
    if (mode === 'Direct') return { mode };
    if (mode === 'Satellite') {
      const satelliteUrl = blankToNull(t.transportGatewayUrl) ?? blankToNull(t.transportUrl);
      if (!satelliteUrl) throw reason('TransportSettings.transportGatewayUrl: missing for a satellite transport');
      return { mode, satelliteUrl };
    }
    const host = blankToNull(t.httpHost);
    const port = Number(t.httpPort);
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) throw reason('TransportSettings.httpHost/httpPort: missing or invalid for a proxy transport');
    return { mode, proxy: { host, port } };
  }

  async setTransport(target: ClusterTarget, settings: AgentTransportSettings): Promise<CaaTransportSettings> {
    const node = publisherOf(target);
    const { proxy, ...rest } = settings;
    const contract: CaaTransportSettings = settings.mode === 'Proxy' && proxy ? { ...rest, proxy: { host: proxy.host, port: proxy.port } } : rest;
    const proxyCredentials = settings.mode === 'Proxy' ? this.proxyCredentials(target, settings) : undefined;
    this.checkLengths(target, contract);
    await this.run(target, node, updateTransportRequest(proxyCredentials ? { settings: contract, proxyCredentials } : { settings: contract }));
    // The answer carries only <return>: the applied settings are the ones sent (no read-back round trip).
    return contract;
  }

  async status(target: ClusterTarget): Promise<AgentStatus> {
    const node = publisherOf(target);
    const details = await this.licenseDetails(target, node);
    return { licenseMode: this.licenseModeOf(details), nodes: [nodeState(details, node)] };
  }

  async licenseUsage(target: ClusterTarget): Promise<AgentUsage> {
    const details = await this.licenseDetails(target, publisherOf(target));
    const usage = details.LicenseStatus.Entitlement.filter((e) => blankToNull(e.Tag) !== null).map((e) => ({
      license: licenseOfTag(e.Tag!),
      count: e.Count ?? 0,
      status: blankToNull(e.Status),
    }));
    return { licenseMode: this.licenseModeOf(details), usage };
  }

  getLicenseMode(target: ClusterTarget): Promise<LicenseMode> {
    return this.licenseMode.get(target);
  }

  setLicenseMode(target: ClusterTarget, mode: LicenseMode): Promise<LicenseModeAnswer> {
    return this.licenseMode.set(target, mode);
  }

  private async licenseDetails(target: ClusterTarget, node: TargetNode): Promise<AxlLicenseDetails> {
    return (await this.axl.call(target, node, emptyRequest('getSmartLicenseStatus'), statusResponseSchema)).LicenseDetails;
  }

  private licenseModeOf(details: AxlLicenseDetails): LicenseMode | null {
    return licenseModeOfTags(details.LicenseStatus.Entitlement.map((e) => e.Tag ?? ''));
  }

  /** A do* operation; its ambiguous "state or subscriber" refusals resolved by the cluster's process nodes. */
  private async run(target: ClusterTarget, node: TargetNode, request: AxlRequest): Promise<void> {
    try {
      await this.axl.call(target, node, request, axlReturnSchema);
    } catch (error) {
      throw await this.subscriberAware(target, node, error);
    }
  }

  private async subscriberAware(target: ClusterTarget, node: TargetNode, error: unknown): Promise<unknown> {
    if (!(error instanceof SmartlicException) || !STATE_OR_SUBSCRIBER_ROWS.has(String(error.details?.mappingRow))) return error;
    const publishers = await this.publishers(target, node).catch(() => undefined);
    if (publishers === undefined || publishers.length === 0 || publishers.some((name) => sameNode(name, node))) return error;
    return SmartlicException.fromCode('CAA1049', { ...error.details, reportedPublisher: publishers[0], upstreamMessage: error.message });
  }

  /** The names of the nodes the cluster lists as Publisher (AXL listProcessNode). */
  private async publishers(target: ClusterTarget, node: TargetNode): Promise<string[]> {
    const answer = await this.axl.call(target, node, processNodesRequest(), processNodesResponseSchema);
    return answer.return.processNode.filter((p) => p.nodeUsage?.toLowerCase() === 'publisher' && p.name && p.name !== 'EnterpriseWideData').map((p) => p.name!);
  }

  /** Both or neither: AXL needs a user and a password for an authenticating proxy. */
  private proxyCredentials(target: ClusterTarget, settings: AgentTransportSettings): { username: string; password: string } | undefined {
    const { username, password } = settings.proxy ?? {};
    if (username === undefined && password === undefined) return undefined;
    if (!username || !password) {
      throw SmartlicException.fromCode('CAA1040', { clusterId: target.clusterId, field: !username ? 'proxy.username' : 'proxy.password', reason: 'an authenticating proxy needs both a user name and a password' });
    }
    if (username.length > AXL_TEXT_MAX || password.length > AXL_TEXT_MAX) {
      throw SmartlicException.fromCode('CAA1040', { clusterId: target.clusterId, field: username.length > AXL_TEXT_MAX ? 'proxy.username' : 'proxy.password', reason: `longer than ${AXL_TEXT_MAX} characters (AXL String255)` });
    }
    return { username, password };
  }

  private checkLengths(target: ClusterTarget, settings: CaaTransportSettings): void {
    if (settings.mode === 'Satellite' && (settings.satelliteUrl ?? '').length > AXL_TEXT_MAX) {
      throw SmartlicException.fromCode('CAA1083', { clusterId: target.clusterId, field: 'satelliteUrl', reason: `longer than ${AXL_TEXT_MAX} characters (AXL String255)` });
    }
  }
}

const nodeState = (d: AxlLicenseDetails, node: TargetNode): AgentNodeState => {
  const registrationStatus = registrationStatusOf(d.Registration.Status);
  // Account names and expiries describe a registration (current or lapsed); a never-registered agent has none.
  const registered = registrationStatus !== 'evaluation';
  return {
    hostname: node.hostname,
    address: node.address,
    registrationStatus,
    authorizationStatus: blankToNull(d.Authorization.Status),
    smartAccount: registered ? blankToNull(d.Registration.SmartAccount) : null,
    virtualAccount: registered ? blankToNull(d.Registration.VirtualAccount) : null,
    registrationExpires: registered ? axlDateToIso(d.Registration.RegistrationExpires) : null,
    authorizationExpires: registered ? axlDateToIso(d.Authorization.AuthorizationExpires) : null,
  };
};
