import { SmartlicException, type ApplicationType, type CaaTransportSettings, type LicenseMode, type SmartAgentOperation } from '#libs/contracts';
import { errorText, parseJsonAnswer, smartAgentError, type CallContext } from '../app-error.mapper.js';
import { publisherOf, type ClusterTarget, type TargetNode } from '../cluster-target.js';
import type { UcHttpClient, UcResponse } from '../http/uc-http.client.js';
import { LicenseModeApi } from '../license-mode/license-mode.api.js';
import type { AgentStatus, AgentUsage, LicenseModeAnswer, SmartAgentDriver } from '../smart-agent.driver.js';
import {
  fromRestTransport,
  licenseDetailsSchema,
  nodeStateFromLicenseDetails,
  registerBody,
  REST_ERROR_MESSAGE_KEYS,
  restSuccessSchema,
  restTransportSchema,
  SMART_AGENT_REST_CREDENTIAL,
  smartAgentRestPath,
  toRestTransport,
  type LicenseDetails,
} from './smart-agent-rest.wire-format.js';

/**
 * The invented smart-agent REST driver, kept only for Emergency Responder and Unified CM's renew/transport until their
 * drivers stop extending it (then delete this folder). Unity Connection has its own CUPI driver (../cuc/cuc.driver.ts).
 * Every operation runs on the publisher; a "not allowed ... or is a Subscriber node" answer from a node whose license
 * details name another publisher becomes CAA1049.
 */
export class SmartAgentRestDriver implements SmartAgentDriver {
  protected readonly licenseMode: LicenseModeApi;

  constructor(
    readonly applicationType: ApplicationType,
    protected readonly http: UcHttpClient,
    protected readonly prefix: string,
  ) {
    this.licenseMode = new LicenseModeApi(http);
  }

  async register(target: ClusterTarget, token: string, force: boolean): Promise<TargetNode[]> {
    return this.operation(target, 'register', registerBody(token, force));
  }

  deregister(target: ClusterTarget): Promise<TargetNode[]> {
    return this.operation(target, 'deregister', '{}');
  }

  renewId(target: ClusterTarget): Promise<TargetNode[]> {
    return this.operation(target, 'renewID', '{}');
  }

  renewAuth(target: ClusterTarget): Promise<TargetNode[]> {
    return this.operation(target, 'renewAuth', '{}');
  }

  async getTransport(target: ClusterTarget): Promise<CaaTransportSettings> {
    const node = publisherOf(target);
    const res = await this.call(target, node, 'transportsettings', 'GET');
    return fromRestTransport(parseJsonAnswer(res, restTransportSchema, this.context(target, node)));
  }

  async setTransport(target: ClusterTarget, settings: CaaTransportSettings): Promise<CaaTransportSettings> {
    const node = publisherOf(target);
    const res = await this.call(target, node, 'transportsettings', 'PUT', toRestTransport(settings));
    const answer = parseJsonAnswer(res, restSuccessSchema.and(restTransportSchema), this.context(target, node));
    return fromRestTransport(answer);
  }

  async status(target: ClusterTarget): Promise<AgentStatus> {
    const node = publisherOf(target);
    const details = await this.licenseDetails(target, node);
    return { nodes: [nodeStateFromLicenseDetails(details, node)], licenseMode: details.LicenseMode ?? null };
  }

  async licenseUsage(target: ClusterTarget): Promise<AgentUsage> {
    const details = await this.licenseDetails(target, publisherOf(target));
    return { licenseMode: details.LicenseMode ?? null, usage: details.Licenses.map((l) => ({ license: l.Name, count: l.Count, status: l.Status ?? null })) };
  }

  getLicenseMode(target: ClusterTarget): Promise<LicenseMode> {
    return this.licenseMode.get(target);
  }

  setLicenseMode(target: ClusterTarget, mode: LicenseMode): Promise<LicenseModeAnswer> {
    return this.licenseMode.set(target, mode);
  }

  protected async licenseDetails(target: ClusterTarget, node: TargetNode): Promise<LicenseDetails> {
    const res = await this.call(target, node, 'licensedetails', 'GET');
    return parseJsonAnswer(res, licenseDetailsSchema, this.context(target, node));
  }

  protected context(target: ClusterTarget, node: TargetNode): CallContext {
    return { clusterId: target.clusterId, node: node.hostname };
  }

  private async operation(target: ClusterTarget, operation: SmartAgentOperation, body: string): Promise<TargetNode[]> {
    const node = publisherOf(target);
    const res = await this.call(target, node, operation, 'PUT', body);
    parseJsonAnswer(res, restSuccessSchema, this.context(target, node));
    return [node];
  }

  private async call(target: ClusterTarget, node: TargetNode, operation: SmartAgentOperation, method: 'GET' | 'PUT', body?: string): Promise<UcResponse> {
    const res = await this.http.send(target, node, {
      method,
      path: smartAgentRestPath(this.prefix, operation),
      credential: SMART_AGENT_REST_CREDENTIAL,
      ...(body !== undefined ? { body, contentType: 'application/json' } : {}),
      idempotent: method === 'GET',
    });
    if (res.status === 200) return res;
    const { message, code } = errorText(res, REST_ERROR_MESSAGE_KEYS);
    throw await this.subscriberAware(target, node, smartAgentError(operation, res.status, message, this.context(target, node), code), res.status);
  }

  /**
   * The 405 rows cover "registered/unregistered state OR Subscriber node": the node's license details tell which
   * (they name the publisher). A subscriber becomes CAA1049.
   */
  protected async subscriberAware(target: ClusterTarget, node: TargetNode, error: SmartlicException, httpStatus: number): Promise<SmartlicException> {
    if (httpStatus !== 405 || error.code === 'CAA1049') return error;
    const publisher = await this.reportedPublisher(target, node).catch(() => undefined);
    if (publisher === undefined || publisher.toLowerCase() === node.hostname.toLowerCase()) return error;
    return SmartlicException.fromCode('CAA1049', { ...error.details, reportedPublisher: publisher, upstreamMessage: error.message });
  }

  protected async reportedPublisher(target: ClusterTarget, node: TargetNode): Promise<string | undefined> {
    return (await this.licenseDetails(target, node)).PublisherHostname;
  }
}
