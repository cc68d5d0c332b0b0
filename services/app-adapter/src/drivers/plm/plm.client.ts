import { Agent, request } from 'undici';
import type { z } from 'zod';
import { SMARTLIC_ERROR_CATALOGUE, SMARTLIC_ERROR_CODES, SmartlicException, type SmartlicErrorCode } from '#libs/contracts';
import { isRemoteCallTimeout, RemotePolicies, type RemotePolicyOptions } from '#libs/resilience';
import { errorCodeOf, TLS_TRUST_ERRORS } from '../http/uc-http.client.js';
import {
  PLM_ABOUT_PATH,
  PLM_CLIENT_API_VERSIONS,
  PLM_DEFAULT_PORT,
  PLM_RESOURCES,
  plmAboutSchema,
  plmApiPath,
  plmDeploymentModeSchema,
  plmErrorSchema,
  plmLicensesSchema,
  plmAddClusterBody,
  plmProductInstanceSchema,
  plmUsageSchema,
  type PlmAbout,
  type PlmApiVersion,
  type PlmDeploymentMode,
  type PlmLicenseInventory,
  type PlmClusterUsage,
  type PlmProduct,
} from './plm.wire-format.js';
import { PAWS_CONTENT_TYPE, PAWS_RESULT, pawsAnswer, pawsEnvelope, pawsHeaders, pawsPath, type PawsOperation, type PawsReturn } from '../license-mode/paws.wire-format.js';

/** A License Manager instance as HCM-F addresses it: host, port (8443 by default) and its OS admin account. */
export interface PlmEndpoint {
  address: string;
  port?: number;
  credentials: { username: string; password: string };
  tls?: { caPem?: string; insecureSkipVerify?: boolean } | null;
}

/**
 * Why PLM refused or failed a call; each has its smartlic code (PLM_*, the guide has none for PLM).
 * - `unreachable`: no connection, reset, or no answer in time;
 * - `certificate-untrusted`: its TLS certificate is not trusted;
 * - `credentials-refused`: 401, the OS admin account is wrong (or was changed on PLM);
 * - `demo-mode`: no HCS license installed, so PLM cannot be added;
 * - `unsupported-api`: PLM serves none of the API versions this client speaks;
 * - `invalid-answer`: an answer that is not the wire format;
 * - `refused`: any other error answer (PLM's own code and message kept).
 */
export type PlmFailureReason = 'unreachable' | 'certificate-untrusted' | 'credentials-refused' | 'demo-mode' | 'unsupported-api' | 'invalid-answer' | 'refused';

const CODE_OF: Record<PlmFailureReason, SmartlicErrorCode> = {
  unreachable: SMARTLIC_ERROR_CODES.PLM_UNREACHABLE,
  'certificate-untrusted': SMARTLIC_ERROR_CODES.PLM_CERTIFICATE_UNTRUSTED,
  'credentials-refused': SMARTLIC_ERROR_CODES.PLM_CREDENTIALS_REFUSED,
  'demo-mode': SMARTLIC_ERROR_CODES.PLM_DEMO_MODE,
  'unsupported-api': SMARTLIC_ERROR_CODES.PLM_UNSUPPORTED_API,
  'invalid-answer': SMARTLIC_ERROR_CODES.PLM_INVALID_ANSWER,
  refused: SMARTLIC_ERROR_CODES.PLM_REFUSED,
};

/**
 * A PLM failure as a catalogue error: its code and recommended action from the catalogue, the message saying more
 * (PLM's own sentence for a refusal), so it crosses the bus as any SmartlicException.
 */
export class PlmCallError extends SmartlicException {
  declare readonly details: { address: string; httpStatus?: number; plmCode?: string; cause?: string; circuit?: 'open' };

  constructor(
    readonly reason: PlmFailureReason,
    message: string,
    details: { address: string; httpStatus?: number; plmCode?: string; cause?: string; circuit?: 'open' },
  ) {
    const code = CODE_OF[reason];
    super({ code, message, recommendedAction: SMARTLIC_ERROR_CATALOGUE[code].recommendedAction, details });
    this.name = 'PlmCallError';
  }
}

/** A call refused by the open circuit of its License Manager, with the failure that opened it. */
class PlmCircuitOpen extends Error {
  constructor(readonly lastFailure: unknown) {
    super('circuit open');
  }
}

/** A License Manager that could not be reached, dropped the connection or did not answer in time: its circuit counts it. */
const isConnectionFailure = (error: unknown): boolean => isRemoteCallTimeout(error) || (error instanceof PlmCallError && error.reason === 'unreachable');

/** A PLM that passed validation: its version, the API version chosen for it, its deployment mode. */
export interface PlmConnection {
  endpoint: PlmEndpoint;
  about: PlmAbout;
  apiVersion: PlmApiVersion;
}

/** What a versioned call needs: a stored connection (its API version chosen when it was validated). */
export type PlmTarget = Pick<PlmConnection, 'endpoint' | 'apiVersion'>;

export interface PlmClientOptions {
  /** `http` for simulators without TLS only; PLM serves HTTPS. */
  scheme?: 'https' | 'http';
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Retries of an idempotent call (GET, PUT, DELETE) after a connection failure (2 by default). */
  retries?: number;
  /** First retry delay, doubled on each retry (200 ms by default). */
  retryBackoffMs?: number;
  /** Consecutive connection failures that open a License Manager's circuit (5 by default). */
  circuitBreakAfter?: number;
  /** How long an open circuit fails calls fast before one trial call may pass (10 s by default). */
  circuitHalfOpenAfterMs?: number;
  /** Calls in flight to one License Manager at once (4 by default); the others wait their turn. */
  maxConcurrencyPerHost?: number;
  logger?: RemotePolicyOptions['logger'];
}

/**
 * REST to Prime License Manager (plm.wire-format.ts): the add-time validation HCM-F does (reach it with the OS
 * admin account, read the version and pick the API version, refuse demo mode), then the versioned resources.
 * Each License Manager has its runtime policy (libs/resilience, kind `plm`): idempotent calls retried after a
 * connection failure, a circuit breaker counting only connection failures (a PLM that answers, even 5xx, is
 * reachable), a bulkhead. Failures are {@link PlmCallError}s with a reason and a PLM_* code; no credential ever goes
 * into a message or details.
 */
export class PlmClient {
  private readonly agents = new Map<string, Agent>();
  private readonly policies: RemotePolicies;

  constructor(private readonly options: PlmClientOptions) {
    const retries = options.retries ?? 2;
    const backoff = options.retryBackoffMs ?? 200;
    this.policies = new RemotePolicies({
      kind: 'plm',
      // undici's connect and answer timeouts fire first with their precise cause; this bounds the whole attempt.
      timeoutMs: options.connectTimeoutMs + options.requestTimeoutMs,
      retry: { maxAttempts: retries + 1, initialDelayMs: backoff, maxDelayMs: backoff * 2 ** Math.max(0, retries - 1), retryable: isConnectionFailure },
      circuit: {
        breakAfter: options.circuitBreakAfter ?? 5,
        halfOpenAfterMs: options.circuitHalfOpenAfterMs ?? 10_000,
        failure: isConnectionFailure,
        openError: (_host, last) => new PlmCircuitOpen(last),
      },
      concurrency: options.maxConcurrencyPerHost ?? 4,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  async close(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((a) => a.close().catch(() => undefined)));
  }

  /** What HCM-F checks when a License Manager is added. */
  async validate(endpoint: PlmEndpoint): Promise<PlmConnection> {
    const about = await this.call(endpoint, 'GET', PLM_ABOUT_PATH, plmAboutSchema);
    const apiVersion = PLM_CLIENT_API_VERSIONS.find((v) => about.apiVersions.includes(v));
    if (!apiVersion) {
      throw new PlmCallError('unsupported-api', `License Manager ${about.version} serves none of the API versions ${PLM_CLIENT_API_VERSIONS.join(', ')}`, { address: endpoint.address });
    }
    if (about.demoMode) {
      throw new PlmCallError('demo-mode', 'License Manager is in demo mode: install at least one HCS license on it before adding it', { address: endpoint.address });
    }
    return { endpoint, about, apiVersion };
  }

  async setDeploymentMode(connection: PlmTarget, mode: PlmDeploymentMode): Promise<PlmDeploymentMode> {
    const path = plmApiPath(connection.apiVersion, PLM_RESOURCES.deploymentMode);
    return (await this.call(connection.endpoint, 'PUT', path, plmDeploymentModeSchema, { deploymentMode: mode })).deploymentMode;
  }

  licenses(connection: PlmTarget): Promise<PlmLicenseInventory> {
    return this.call(connection.endpoint, 'GET', plmApiPath(connection.apiVersion, PLM_RESOURCES.licenses), plmLicensesSchema);
  }

  /** Force-adds a cluster (HCM-F's way: a registration of the same name is replaced). */
  async addCluster(connection: PlmTarget, cluster: { name: string; product: PlmProduct; version: string; hostname: string }): Promise<void> {
    await this.call(connection.endpoint, 'POST', plmApiPath(connection.apiVersion, PLM_RESOURCES.productInstances), plmProductInstanceSchema, plmAddClusterBody(cluster));
  }

  /** Removes a cluster; one PLM does not know is already removed. */
  async removeCluster(connection: PlmTarget, name: string): Promise<void> {
    try {
      await this.call(connection.endpoint, 'DELETE', plmApiPath(connection.apiVersion, PLM_RESOURCES.productInstance(name)), null);
    } catch (error) {
      if (error instanceof PlmCallError && error.details.httpStatus === 404) return;
      throw error;
    }
  }

  usage(connection: PlmTarget, name: string): Promise<PlmClusterUsage> {
    return this.call(connection.endpoint, 'GET', plmApiPath(connection.apiVersion, PLM_RESOURCES.productInstanceUsage(name)), plmUsageSchema);
  }

  /**
   * PLM's platform (PAWS), as the UC applications' license mode goes (drivers/license-mode/paws.wire-format.ts): one
   * SOAP operation with the OS admin account. Its answer, a fault or a failed result is a PlmCallError (refused).
   */
  async paws<S extends z.ZodType<PawsReturn>>(endpoint: PlmEndpoint, operation: PawsOperation, args: string[], schema: S, options: { retry: boolean; expectDown?: boolean }): Promise<z.infer<S>> {
    const headers = { 'content-type': PAWS_CONTENT_TYPE, accept: 'text/xml', ...pawsHeaders(operation) };
    const { status, text } = await this.send(endpoint, 'POST', pawsPath(operation), pawsEnvelope(operation, args), options.retry, headers, options.expectDown ?? false);
    if (status === 401) throw new PlmCallError('credentials-refused', 'The License Manager refused the OS admin credentials', { address: endpoint.address, httpStatus: status });
    const answer = pawsAnswer(text, operation);
    if (answer?.kind === 'fault') throw new PlmCallError('refused', `PAWS ${operation}: ${answer.message.slice(0, 300)}`, { address: endpoint.address, httpStatus: status, plmCode: answer.code });
    if (status !== 200 || !answer) throw new PlmCallError('invalid-answer', `PAWS ${operation}: not a PAWS answer`, { address: endpoint.address, httpStatus: status });
    const parsed = schema.safeParse(answer.value);
    if (!parsed.success) throw new PlmCallError('invalid-answer', `PAWS ${operation}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'return'}: ${i.message}`).join('; ')}`, { address: endpoint.address, httpStatus: status });
    const value = parsed.data as PawsReturn;
    if (value.result !== PAWS_RESULT.complete) {
      throw new PlmCallError('refused', `PAWS ${operation} answered ${value.result}`, { address: endpoint.address, httpStatus: status, plmCode: value.remoteMessages[0]?.messageKey ?? value.result });
    }
    return parsed.data;
  }

  /** One request under the License Manager's policy: its status and body, or an `unreachable` PlmCallError. */
  /** `expectDown`: the License Manager is restarting; the call goes around its circuit (polls while it is down). */
  private async send(endpoint: PlmEndpoint, method: string, path: string, body: string | undefined, retry: boolean, headers: Record<string, string>, expectDown = false): Promise<{ status: number; text: string }> {
    const port = endpoint.port ?? PLM_DEFAULT_PORT;
    try {
      return await this.policies.for(`${endpoint.address}:${port}`).execute(({ signal }) => this.exchange(endpoint, method, path, body, headers, signal), { retry, expectDown });
    } catch (error) {
      if (error instanceof PlmCallError) throw error;
      const circuitOpen = error instanceof PlmCircuitOpen;
      const last = circuitOpen ? error.lastFailure : error;
      const cause = last instanceof PlmCallError ? last.details.cause : isRemoteCallTimeout(last) ? last.code : 'unknown';
      throw new PlmCallError('unreachable', 'Cannot connect to the License Manager', { address: endpoint.address, cause: cause ?? 'unknown', ...(circuitOpen ? { circuit: 'open' as const } : {}) });
    }
  }

  /** `schema` null: an answer without a body (204) is expected. */
  private async call<S extends z.ZodType>(endpoint: PlmEndpoint, method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, schema: S | null, body?: unknown): Promise<z.infer<S>> {
    // POST (force-add of a cluster) is not retried: one attempt, as HCM-F does.
    const { status, text } = await this.send(endpoint, method, path, body === undefined ? undefined : JSON.stringify(body), method !== 'POST', {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    });
    if (status === 401) {
      throw new PlmCallError('credentials-refused', 'The License Manager refused the OS admin credentials', { address: endpoint.address, httpStatus: status });
    }
    if (schema === null && status >= 200 && status < 300) return undefined as z.infer<S>;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PlmCallError('invalid-answer', 'The License Manager answer is not JSON', { address: endpoint.address, httpStatus: status });
    }
    if (status < 200 || status >= 300) {
      const error = plmErrorSchema.safeParse(json);
      throw new PlmCallError('refused', error.success ? error.data.message : `License Manager answered HTTP ${status}`, {
        address: endpoint.address,
        httpStatus: status,
        ...(error.success ? { plmCode: error.data.code } : {}),
      });
    }
    if (schema === null) return undefined as z.infer<S>;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new PlmCallError('invalid-answer', `The License Manager answer does not match its wire format (${where})`, { address: endpoint.address, httpStatus: status });
    }
    return parsed.data;
  }

  /** One attempt: the status and body of PLM's answer, or the transport failure as a PlmCallError. */
  private async exchange(endpoint: PlmEndpoint, method: string, path: string, body: string | undefined, headers: Record<string, string>, signal: AbortSignal): Promise<{ status: number; text: string }> {
    const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
    const url = `${this.options.scheme ?? 'https'}://${host}:${endpoint.port ?? PLM_DEFAULT_PORT}${path}`;
    const { username, password } = endpoint.credentials;
    try {
      const res = await request(url, {
        method,
        dispatcher: this.agentFor(endpoint),
        headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`, ...headers },
        body,
        headersTimeout: this.options.requestTimeoutMs,
        bodyTimeout: this.options.requestTimeoutMs,
        signal,
      });
      return { status: res.statusCode, text: await res.body.text() };
    } catch (error) {
      const code = errorCodeOf(error);
      const details = { address: endpoint.address, cause: code ?? 'connection failed' };
      if (code !== undefined && TLS_TRUST_ERRORS.has(code)) throw new PlmCallError('certificate-untrusted', 'The License Manager certificate is not trusted', details);
      throw new PlmCallError('unreachable', 'Cannot connect to the License Manager', details);
    }
  }

  /** One Agent per TLS trust, as the UC HTTP client does. */
  private agentFor(endpoint: PlmEndpoint): Agent {
    const insecure = endpoint.tls?.insecureSkipVerify === true;
    const caPem = endpoint.tls?.caPem;
    const key = insecure ? 'insecure' : `ca:${caPem ?? ''}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: this.options.connectTimeoutMs, rejectUnauthorized: !insecure, ...(caPem && !insecure ? { ca: caPem } : {}) },
        headersTimeout: this.options.requestTimeoutMs,
        bodyTimeout: this.options.requestTimeoutMs,
      });
      this.agents.set(key, agent);
    }
    return agent;
  }
}
