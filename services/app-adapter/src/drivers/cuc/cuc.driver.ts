import { SmartlicException, type CaaTransportSettings, type LicenseMode, type SmartAgentOperation } from '#libs/contracts';
import { parseJsonAnswer, smartAgentError, type CallContext } from '../app-error.mapper.js';
import { publisherOf, type ClusterTarget, type TargetNode } from '../cluster-target.js';
import type { UcHttpClient, UcResponse } from '../http/uc-http.client.js';
import { LicenseModeApi } from '../license-mode/license-mode.api.js';
import type { AgentStatus, AgentTransportSettings, AgentUsage, LicenseModeAnswer, SmartAgentDriver } from '../smart-agent.driver.js';
import {
  appliedTransport,
  CUPI_CLUSTER_PATH,
  CUPI_CREDENTIAL,
  CUPI_HEADERS,
  cupiClusterSchema,
  cupiErrorText,
  cupiLicenseDetailsSchema,
  cupiPath,
  cupiRegisterBody,
  cupiTransportBody,
  cupiTransportSchema,
  fromCupiTransport,
  isSameServer,
  licenseModeOfDetails,
  nodeStateFromLicenseDetails,
  publisherOfCluster,
  usageFromLicenseDetails,
  type CupiLicenseDetails,
} from './cuc.wire-format.js';

/**
 * Unity Connection through CUPI's Smart Licensing API (cuc.wire-format.ts). Every operation runs on the publisher
 * (guide: "Publisher only"); license mode goes through the platform (LicenseModeApi).
 */
export class CucDriver implements SmartAgentDriver {
  readonly applicationType = 'cuc' as const;
  private readonly licenseMode: LicenseModeApi;

  constructor(private readonly http: UcHttpClient) {
    this.licenseMode = new LicenseModeApi(http);
  }

  register(target: ClusterTarget, token: string, force: boolean): Promise<TargetNode[]> {
    return this.operation(target, 'register', cupiRegisterBody(token, force));
  }

  deregister(target: ClusterTarget): Promise<TargetNode[]> {
    return this.operation(target, 'deregister');
  }

  renewId(target: ClusterTarget): Promise<TargetNode[]> {
    return this.operation(target, 'renewID');
  }

  renewAuth(target: ClusterTarget): Promise<TargetNode[]> {
    return this.operation(target, 'renewAuth');
  }

  async getTransport(target: ClusterTarget): Promise<CaaTransportSettings> {
    const node = publisherOf(target);
    const res = await this.call(target, node, 'transportsettings', 'GET');
    return fromCupiTransport(parseJsonAnswer(res, cupiTransportSchema, this.context(target, node)));
  }

  /**
   * Sends the settings with the proxy credentials they carry. CUPI's answer echoes the stored settings; when it
   * does not parse as such (an empty 200), the answer is what was applied. Credentials never go upward.
   */
  async setTransport(target: ClusterTarget, settings: AgentTransportSettings): Promise<CaaTransportSettings> {
    const node = publisherOf(target);
    const res = await this.call(target, node, 'transportsettings', 'PUT', cupiTransportBody(settings));
    const echoed = safeJson(res.text, cupiTransportSchema);
    return echoed ? fromCupiTransport(echoed) : appliedTransport(settings);
  }

  async status(target: ClusterTarget): Promise<AgentStatus> {
    const node = publisherOf(target);
    const details = await this.licenseDetails(target, node);
    return { nodes: [nodeStateFromLicenseDetails(details, node)], licenseMode: licenseModeOfDetails(details) };
  }

  async licenseUsage(target: ClusterTarget): Promise<AgentUsage> {
    return usageFromLicenseDetails(await this.licenseDetails(target, publisherOf(target)));
  }

  getLicenseMode(target: ClusterTarget): Promise<LicenseMode> {
    return this.licenseMode.get(target);
  }

  setLicenseMode(target: ClusterTarget, mode: LicenseMode): Promise<LicenseModeAnswer> {
    return this.licenseMode.set(target, mode);
  }

  private async licenseDetails(target: ClusterTarget, node: TargetNode): Promise<CupiLicenseDetails> {
    const res = await this.call(target, node, 'licensedetails', 'GET');
    return parseJsonAnswer(res, cupiLicenseDetailsSchema, this.context(target, node));
  }

  private async operation(target: ClusterTarget, operation: SmartAgentOperation, body?: string): Promise<TargetNode[]> {
    const node = publisherOf(target);
    await this.call(target, node, operation, 'PUT', body);
    return [node];
  }

  private async call(target: ClusterTarget, node: TargetNode, operation: SmartAgentOperation, method: 'GET' | 'PUT', body?: string): Promise<UcResponse> {
    const res = await this.http.send(target, node, {
      method,
      path: cupiPath(operation),
      credential: CUPI_CREDENTIAL,
      headers: CUPI_HEADERS,
      ...(body !== undefined ? { body, contentType: 'application/json' } : {}),
      idempotent: method === 'GET',
    });
    // CUPI documents 200; its other PUT resources answer 204, so any 2xx is success.
    if (res.status >= 200 && res.status < 300) return res;
    const { message, code } = cupiErrorText(res.text);
    const error = smartAgentError(operation, res.status, message, this.context(target, node), code);
    throw res.status === 405 ? await this.subscriberAware(target, node, error) : error;
  }

  /**
   * The 405 rows say "registered/unregistered state OR Subscriber node". The cluster's own server list tells which:
   * when its publisher is another server than the node provisioned as publisher, the inventory names a subscriber
   * (CAA1049). One extra read, on a 405 only.
   */
  private async subscriberAware(target: ClusterTarget, node: TargetNode, error: SmartlicException): Promise<SmartlicException> {
    if (error.code === 'CAA1049') return error;
    const publisher = await this.clusterPublisher(target, node).catch(() => undefined);
    if (publisher === undefined || isSameServer(node, publisher)) return error;
    return SmartlicException.fromCode('CAA1049', { ...error.details, reportedPublisher: publisher.name, upstreamMessage: error.message });
  }

  private async clusterPublisher(target: ClusterTarget, node: TargetNode) {
    const res = await this.http.send(target, node, { method: 'GET', path: CUPI_CLUSTER_PATH, credential: CUPI_CREDENTIAL, headers: CUPI_HEADERS, idempotent: true });
    if (res.status !== 200) return undefined;
    return publisherOfCluster(parseJsonAnswer(res, cupiClusterSchema, this.context(target, node)));
  }

  private context(target: ClusterTarget, node: TargetNode): CallContext {
    return { clusterId: target.clusterId, node: node.hostname };
  }
}

const safeJson = <T>(text: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | undefined => {
  if (text.trim() === '') return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};
