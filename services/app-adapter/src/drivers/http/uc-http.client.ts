import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { Agent, request } from 'undici';
import { measureApplicationCall } from '#libs/observability';
import { APPLICATION_TYPES, SmartlicException, type ApplicationType, type ErrorCode } from '#libs/contracts';
import { concurrencyLimit, parseRetryAfter, RemotePolicies, type ConcurrencyLimit, type RemotePolicyOptions, type TargetKind } from '#libs/resilience';
import { PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
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
  /** A platform (PAWS) call: the node's platform services have a circuit of their own (kind `paws`). */
  platform?: boolean;
  /** Polling a node that is expected down (a restarting publisher): the call goes around the node's circuit. */
  expectDown?: boolean;
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

/** An answer another attempt of a read may improve (429, 502-504); the last one is the call's answer. */
class RetryableAnswer extends Error {
  constructor(
    readonly response: UcResponse,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`HTTP ${response.status}`);
  }
}

/** A call refused by the open circuit of its node, with the failure that opened it. */
class NodeCircuitOpen extends Error {
  constructor(readonly lastFailure: unknown) {
    super('circuit open');
  }
}

export const errorCodeOf = (error: unknown): string | undefined => {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && (CONNECTION_ERRORS.has(e.code) || TLS_TRUST_ERRORS.has(e.code))) return e.code;
  }
  return (error as { code?: string } | undefined)?.code;
};

/** A node that could not be reached or dropped the connection (the policy's own timeout included): its circuit counts it. */
const isConnectionFailure = (error: unknown): boolean => {
  const code = errorCodeOf(error);
  return code !== undefined && CONNECTION_ERRORS.has(code);
};

/**
 * HTTP(S) to the UC application nodes: one undici Agent per TLS trust (a cluster's CA bundle, or its explicit opt-out,
 * logged once per cluster), bounded concurrency per application type, and each node's runtime policy (libs/resilience:
 * connect and answer timeouts, retries with jittered backoff for idempotent reads only, a circuit breaker counting
 * connection failures, a bulkhead). Transport failures become catalogue errors: CAA1046 (cannot connect, timed out,
 * connection reset, circuit open), CAA1018 (certificate not trusted); a missing credential CAA1004/CAA1008/CAA1069.
 */
@Injectable()
export class UcHttpClient implements OnModuleDestroy {
  /** One Agent per TLS trust (CA bundle, or the opt-out). */
  private readonly agents = new Map<string, Agent>();
  private readonly slots: Record<ApplicationType, ConcurrencyLimit>;
  /** One policy per node and kind, created on the node's first call. */
  private readonly policies = new Map<TargetKind, RemotePolicies>();
  private readonly warnedInsecure = new Set<string>();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppAdapterConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    this.slots = Object.fromEntries(APPLICATION_TYPES.map((t) => [t, concurrencyLimit(config.CAA_MAX_CONCURRENCY_PER_TYPE)])) as Record<ApplicationType, ConcurrencyLimit>;
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

  private policyFor(kind: TargetKind, host: string) {
    let policies = this.policies.get(kind);
    if (!policies) {
      const c = this.config;
      const options: RemotePolicyOptions = {
        kind,
        // undici's connect and answer timeouts fire first with their precise cause; this bounds the whole attempt.
        timeoutMs: c.CAA_CONNECT_TIMEOUT_MS + c.CAA_REQUEST_TIMEOUT_MS,
        // `once` reads the whole body before it returns: nothing is left to abort.
        abortOnReturn: false,
        retry: {
          maxAttempts: c.CAA_READ_RETRIES + 1,
          initialDelayMs: c.CAA_RETRY_BACKOFF_MS,
          maxDelayMs: c.CAA_RETRY_BACKOFF_MS * 2 ** Math.max(0, c.CAA_READ_RETRIES - 1),
          // A node asking for a pause (429/503 Retry-After) gets it, up to the time one answer may take.
          maxRetryAfterMs: c.CAA_REQUEST_TIMEOUT_MS,
          retryable: (e) => e instanceof RetryableAnswer || isConnectionFailure(e),
          retryAfterMs: (e) => (e instanceof RetryableAnswer ? e.retryAfterMs : undefined),
        },
        // A node that answers, even 5xx, is reachable: only connection failures open its circuit.
        circuit: { breakAfter: c.CAA_CIRCUIT_BREAK_AFTER, halfOpenAfterMs: c.CAA_CIRCUIT_HALF_OPEN_AFTER_MS, failure: isConnectionFailure, openError: (_host, last) => new NodeCircuitOpen(last) },
        concurrency: c.CAA_MAX_CONCURRENCY_PER_HOST,
        logger: this.logger,
      };
      this.policies.set(kind, (policies = new RemotePolicies(options)));
    }
    return policies.for(host);
  }

  private async sendWithRetries(target: ClusterTarget, node: TargetNode, req: UcRequest): Promise<UcResponse> {
    const credential = target.credentials[req.credential];
    if (!credential) throw SmartlicException.fromCode(MISSING_CREDENTIAL[req.credential], { clusterId: target.clusterId, credential: req.credential });
    const authorization = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
    const policy = this.policyFor(req.platform ? 'paws' : target.applicationType, `${node.address}:${node.port ?? req.defaultPort ?? DEFAULT_HTTPS_PORT}`);
    try {
      return await policy.execute(
        async ({ signal }) => {
          const { retryAfter, ...response } = await this.slots[target.applicationType].execute(() => this.once(target, node, req, authorization, signal));
          if (RETRYABLE_STATUS.has(response.status)) throw new RetryableAnswer(response, parseRetryAfter(retryAfter));
          return response;
        },
        { retry: req.idempotent === true, expectDown: req.expectDown },
      );
    } catch (error) {
      if (error instanceof RetryableAnswer) return error.response;
      if (error instanceof NodeCircuitOpen) {
        throw SmartlicException.fromCode('CAA1046', { clusterId: target.clusterId, node: node.hostname, address: node.address, cause: errorCodeOf(error.lastFailure) ?? 'unknown', circuit: 'open' });
      }
      throw this.toCatalogueError(error, errorCodeOf(error), target, node);
    }
  }

  private async once(target: ClusterTarget, node: TargetNode, req: UcRequest, authorization: string, signal: AbortSignal): Promise<UcResponse & { retryAfter?: string | string[] }> {
    const headers: Record<string, string> = { authorization, accept: 'application/json, text/xml', ...(req.headers ?? {}) };
    if (req.contentType) headers['content-type'] = req.contentType;
    const res = await request(`${this.nodeUrl(node, req.defaultPort)}${req.path}`, {
      method: req.method,
      headers,
      body: req.body,
      dispatcher: this.agentFor(target),
      headersTimeout: this.config.CAA_REQUEST_TIMEOUT_MS,
      bodyTimeout: this.config.CAA_REQUEST_TIMEOUT_MS,
      signal,
    });
    const text = await res.body.text();
    const contentType = res.headers['content-type'];
    const answer: UcResponse & { retryAfter?: string | string[] } = { status: res.statusCode, contentType: (Array.isArray(contentType) ? contentType[0] : contentType) ?? '', text };
    if (RETRYABLE_STATUS.has(res.statusCode)) answer.retryAfter = res.headers['retry-after'];
    return answer;
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
