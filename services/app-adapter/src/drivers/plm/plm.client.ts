import { Agent, request } from 'undici';
import type { z } from 'zod';
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

/** A License Manager instance as HCM-F addresses it: host, port (8443 by default) and its OS admin account. */
export interface PlmEndpoint {
  address: string;
  port?: number;
  credentials: { username: string; password: string };
  tls?: { caPem?: string; insecureSkipVerify?: boolean } | null;
}

/**
 * Why PLM refused or failed a call. The caller turns a reason into its catalogue code (the guide has none for PLM).
 * - `unreachable`: no connection, reset, or no answer in time;
 * - `certificate-untrusted`: its TLS certificate is not trusted;
 * - `credentials-refused`: 401, the OS admin account is wrong (or was changed on PLM);
 * - `demo-mode`: no HCS license installed, so PLM cannot be added;
 * - `unsupported-api`: PLM serves none of the API versions this client speaks;
 * - `invalid-answer`: an answer that is not the wire format;
 * - `refused`: any other error answer (PLM's own code and message kept).
 */
export type PlmFailureReason = 'unreachable' | 'certificate-untrusted' | 'credentials-refused' | 'demo-mode' | 'unsupported-api' | 'invalid-answer' | 'refused';

export class PlmCallError extends Error {
  constructor(
    readonly reason: PlmFailureReason,
    message: string,
    readonly details: { address: string; httpStatus?: number; plmCode?: string; cause?: string },
  ) {
    super(message);
    this.name = 'PlmCallError';
  }
}

/** A PLM that passed validation: its version, the API version chosen for it, its deployment mode. */
export interface PlmConnection {
  endpoint: PlmEndpoint;
  about: PlmAbout;
  apiVersion: PlmApiVersion;
}

export interface PlmClientOptions {
  /** `http` for simulators without TLS only; PLM serves HTTPS. */
  scheme?: 'https' | 'http';
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

/**
 * REST to Prime License Manager (plm.wire-format.ts): the add-time validation HCM-F does (reach it with the OS
 * admin account, read the version and pick the API version, refuse demo mode), then the versioned resources.
 * Failures are {@link PlmCallError}s with a reason; no credential ever goes into a message or details.
 */
export class PlmClient {
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly options: PlmClientOptions) {}

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

  async setDeploymentMode(connection: PlmConnection, mode: PlmDeploymentMode): Promise<PlmDeploymentMode> {
    const path = plmApiPath(connection.apiVersion, PLM_RESOURCES.deploymentMode);
    return (await this.call(connection.endpoint, 'PUT', path, plmDeploymentModeSchema, { deploymentMode: mode })).deploymentMode;
  }

  licenses(connection: PlmConnection): Promise<PlmLicenseInventory> {
    return this.call(connection.endpoint, 'GET', plmApiPath(connection.apiVersion, PLM_RESOURCES.licenses), plmLicensesSchema);
  }

  /** Force-adds a cluster (HCM-F's way: a registration of the same name is replaced). */
  async addCluster(connection: PlmConnection, cluster: { name: string; product: PlmProduct; version: string; hostname: string }): Promise<void> {
    await this.call(connection.endpoint, 'POST', plmApiPath(connection.apiVersion, PLM_RESOURCES.productInstances), plmProductInstanceSchema, plmAddClusterBody(cluster));
  }

  /** Removes a cluster; one PLM does not know is already removed. */
  async removeCluster(connection: PlmConnection, name: string): Promise<void> {
    try {
      await this.call(connection.endpoint, 'DELETE', plmApiPath(connection.apiVersion, PLM_RESOURCES.productInstance(name)), null);
    } catch (error) {
      if (error instanceof PlmCallError && error.details.httpStatus === 404) return;
      throw error;
    }
  }

  usage(connection: PlmConnection, name: string): Promise<PlmClusterUsage> {
    return this.call(connection.endpoint, 'GET', plmApiPath(connection.apiVersion, PLM_RESOURCES.productInstanceUsage(name)), plmUsageSchema);
  }

  /** `schema` null: an answer without a body (204) is expected. */
  private async call<S extends z.ZodType>(endpoint: PlmEndpoint, method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, schema: S | null, body?: unknown): Promise<z.infer<S>> {
    const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
    const url = `${this.options.scheme ?? 'https'}://${host}:${endpoint.port ?? PLM_DEFAULT_PORT}${path}`;
    const { username, password } = endpoint.credentials;
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method,
        dispatcher: this.agentFor(endpoint),
        headers: {
          authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        headersTimeout: this.options.requestTimeoutMs,
        bodyTimeout: this.options.requestTimeoutMs,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (error) {
      const code = errorCodeOf(error);
      const details = { address: endpoint.address, cause: code ?? 'connection failed' };
      if (code !== undefined && TLS_TRUST_ERRORS.has(code)) throw new PlmCallError('certificate-untrusted', 'The License Manager certificate is not trusted', details);
      throw new PlmCallError('unreachable', 'Cannot connect to the License Manager', details);
    }
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
