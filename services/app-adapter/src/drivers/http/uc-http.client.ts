import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { Agent, request } from 'undici';
import { measureApplicationCall } from '#libs/observability';
import { APPLICATION_TYPES, SmartlicException, type ApplicationType, type ErrorCode } from '#libs/contracts';
import { PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import { Semaphore } from '../../common/concurrency/semaphore.js';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';
import type { ClusterTarget, CredentialKind, TargetNode } from '../cluster-target.js';

export interface UcRequest {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  /** Which of the cluster's credentials authenticate the call (HTTP Basic). */
  credential: CredentialKind;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Idempotent read: retried after a connection failure, 429 or 502-504. */
  idempotent?: boolean;
  /** The interface's port when the node is provisioned without one (443 unless the interface says otherwise). */
  defaultPort?: number;
}

export interface UcResponse {
  status: number;
  contentType: string;
  text: string;
}

const MISSING_CREDENTIAL: Record<CredentialKind, ErrorCode> = { admin: 'CAA1004', platform: 'CAA1008', http: 'CAA1069' };
const DEFAULT_HTTPS_PORT = 443;

// undici / Node error codes of a node that cannot be reached or dropped the connection.
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);
// Exported (with errorCodeOf) for the PLM client, which is no cluster node but fails the same ways.
export const TLS_TRUST_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export const errorCodeOf = (error: unknown): string | undefined => {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && (CONNECTION_ERRORS.has(e.code) || TLS_TRUST_ERRORS.has(e.code))) return e.code;
  }
  return (error as { code?: string } | undefined)?.code;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * HTTP(S) to the UC application nodes: one undici Agent per TLS trust (a cluster's CA bundle, or its explicit opt-out,
 * logged once per cluster), connect and answer timeouts, bounded concurrency per application type, retries for
 * idempotent reads only. Transport failures become catalogue errors: CAA1046 (cannot connect,
 * timed out, connection reset), CAA1018 (certificate not trusted); a missing credential CAA1004/CAA1008/CAA1069.
 */
@Injectable()
export class UcHttpClient implements OnModuleDestroy {
  /** One Agent per TLS trust (CA bundle, or the opt-out). */
  private readonly agents = new Map<string, Agent>();
  private readonly slots: Record<ApplicationType, Semaphore>;
  private readonly warnedInsecure = new Set<string>();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppAdapterConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    this.slots = Object.fromEntries(APPLICATION_TYPES.map((t) => [t, new Semaphore(config.CAA_MAX_CONCURRENCY_PER_TYPE)])) as Record<ApplicationType, Semaphore>;
    if (config.CAA_HTTP_SCHEME === 'http') logger.warn('CAA_HTTP_SCHEME=http: calls to the UC applications are not encrypted (simulators and labs only)');
  }

  async onModuleDestroy(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((agent) => agent.close().catch(() => undefined)));
  }

  /** Base URL of a node. */
  nodeUrl(node: TargetNode, defaultPort = DEFAULT_HTTPS_PORT): string {
    const host = node.address.includes(':') ? `[${node.address}]` : node.address;
    return `${this.config.CAA_HTTP_SCHEME}://${host}:${node.port ?? defaultPort}`;
  }

  /** One call to a node, in a CLIENT span with its latency and error code recorded (`<type> <operation>`). */
  send(target: ClusterTarget, node: TargetNode, req: UcRequest): Promise<UcResponse> {
    const soapAction = req.headers?.SOAPAction ?? req.headers?.soapaction;
    const operation = soapAction ? (soapAction.replace(/"/g, '').split(' ').at(-1) ?? req.path) : `${req.method} ${req.path.split('?')[0]}`;
    return measureApplicationCall(target.applicationType, operation, () => this.sendWithRetries(target, node, req));
  }

  private async sendWithRetries(target: ClusterTarget, node: TargetNode, req: UcRequest): Promise<UcResponse> {
    const credential = target.credentials[req.credential];
    if (!credential) throw SmartlicException.fromCode(MISSING_CREDENTIAL[req.credential], { clusterId: target.clusterId, credential: req.credential });
    const authorization = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
    const attempts = req.idempotent ? this.config.CAA_READ_RETRIES + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.slots[target.applicationType].run(() => this.once(target, node, req, authorization));
        if (attempt < attempts && RETRYABLE_STATUS.has(response.status)) {
          await sleep(this.config.CAA_RETRY_BACKOFF_MS * 2 ** (attempt - 1));
          continue;
        }
        return response;
      } catch (error) {
        const code = errorCodeOf(error);
        const transient = code !== undefined && CONNECTION_ERRORS.has(code);
        if (transient && attempt < attempts) {
          await sleep(this.config.CAA_RETRY_BACKOFF_MS * 2 ** (attempt - 1));
          continue;
        }
        throw this.toCatalogueError(error, code, target, node);
      }
    }
  }

  private async once(target: ClusterTarget, node: TargetNode, req: UcRequest, authorization: string): Promise<UcResponse> {
    const headers: Record<string, string> = { authorization, accept: 'application/json, text/xml', ...(req.headers ?? {}) };
    if (req.contentType) headers['content-type'] = req.contentType;
    const res = await request(`${this.nodeUrl(node, req.defaultPort)}${req.path}`, {
      method: req.method,
      headers,
      body: req.body,
      dispatcher: this.agentFor(target),
      headersTimeout: this.config.CAA_REQUEST_TIMEOUT_MS,
      bodyTimeout: this.config.CAA_REQUEST_TIMEOUT_MS,
    });
    const text = await res.body.text();
    const contentType = res.headers['content-type'];
    return { status: res.statusCode, contentType: (Array.isArray(contentType) ? contentType[0] : contentType) ?? '', text };
  }

  private toCatalogueError(error: unknown, code: string | undefined, target: ClusterTarget, node: TargetNode): SmartlicException {
    if (error instanceof SmartlicException) return error;
    const details = { clusterId: target.clusterId, node: node.hostname, address: node.address, cause: code ?? (error as Error).message };
    if (code !== undefined && TLS_TRUST_ERRORS.has(code)) return SmartlicException.fromCode('CAA1018', details);
    return SmartlicException.fromCode('CAA1046', details);
  }

  /**
   * The Agent of the cluster's TLS trust. Clusters that trust the same CA bundle (or opted out alike) share one: its
   * connections are per node anyway, and an Agent per cluster would be one more object per cluster, kept forever.
   */
  private agentFor(target: ClusterTarget): Agent {
    const tls = target.tls ?? {};
    const insecure = tls.insecureSkipVerify === true;
    if (insecure && this.config.CAA_HTTP_SCHEME === 'https' && !this.warnedInsecure.has(target.clusterId)) {
      this.warnedInsecure.add(target.clusterId);
      this.logger.warn({ clusterId: target.clusterId }, 'TLS certificate verification is off for this cluster (its provisioned tls.insecureSkipVerify opt-out)');
    }
    const trust = insecure ? 'insecure' : `ca:${tls.caPem ?? ''}`;
    let agent = this.agents.get(trust);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: this.config.CAA_CONNECT_TIMEOUT_MS, rejectUnauthorized: !insecure, ...(tls.caPem && !insecure ? { ca: tls.caPem } : {}) },
        headersTimeout: this.config.CAA_REQUEST_TIMEOUT_MS,
        bodyTimeout: this.config.CAA_REQUEST_TIMEOUT_MS,
        keepAliveTimeout: 10_000,
      });
      this.agents.set(trust, agent);
    }
    return agent;
  }
}
