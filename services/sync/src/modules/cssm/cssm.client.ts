import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { request, type Dispatcher } from 'undici';
import { measureCssmCall } from '#libs/observability';
import type { z } from 'zod';
import { SmartlicException } from '#libs/contracts';
import { isRemoteCallTimeout, parseRetryAfter, RemotePolicies, type RemotePolicyOptions, type TargetKind } from '#libs/resilience';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { SyncConfig } from '../../config/sync.config.js';
import type { CssmConnection } from './cssm-connection.js';
import { CssmDispatchers } from './cssm-dispatchers.client.js';
import { classifyHttpStatus, classifyNetworkError, type ClassifiedFailure } from './cssm-errors.js';
import {
  accessTokenResponse,
  accountsResponse,
  createTokenResponse,
  cssmPaths,
  licensesResponse,
  subscriptionsResponse,
  tokensResponse,
  virtualAccountsResponse,
  type LicenseItemWire,
  type SubscriptionWire,
  type TokenInfoWire,
  type VirtualAccountWire,
} from './cssm-wire.js';

interface CachedToken {
  accessToken: string;
  /** Renew from this instant on (shortly before the real expiry). */
  renewAt: number;
}

export interface CssmCallOptions {
  signal?: AbortSignal;
}

/** One failed attempt, classified: the guide's code, whether another attempt may cure it, whether the host is unwell. */
class CssmAttemptFailure extends Error {
  constructor(
    readonly failure: ClassifiedFailure,
    readonly hostFailure: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(failure.exception.message);
  }
}

/** A call refused by the open circuit of its host, carrying the failure that opened it. */
class CssmCircuitOpen extends Error {
  constructor(
    readonly host: string,
    readonly lastFailure: unknown,
  ) {
    super(`circuit open for ${host}`);
  }
}

const upstreamMessage = (text: string): string | undefined => {
  try {
    const body = JSON.parse(text) as { statusMessage?: unknown; error?: unknown; error_description?: unknown; message?: unknown };
    const message = body.statusMessage ?? body.error_description ?? body.message ?? body.error;
    return typeof message === 'string' ? message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The CSSM / SSM On-Prem client: OAuth2 client-credentials tokens cached until shortly before expiry and renewed once
 * on a 401, every call under its host's runtime policy (libs/resilience: timeout, retry with jittered backoff on 429,
 * 5xx, timeouts and resets honouring Retry-After, circuit breaker, bulkhead), and every failure turned into the guide's
 * CSSM code (CSSM1004-1020) with details that never hold a secret. An open circuit answers the code of the failure
 * that opened it (CSSM1005 refused, CSSM1007 timed out, CSSM1008 no route, ...), as the host would.
 */
@Injectable()
export class CssmClient implements OnApplicationShutdown {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pendingTokens = new Map<string, Promise<string>>();
  private readonly dispatchers: CssmDispatchers;
  private readonly policies: Record<CssmConnection['realm'], RemotePolicies>;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: SyncConfig) {
    const connections = Math.max(16, config.SYNC_CONCURRENCY * 2);
    this.dispatchers = new CssmDispatchers({ connectTimeoutMs: config.CSSM_CONNECT_TIMEOUT, connections });
    this.policies = { cloud: new RemotePolicies(this.policyOptions('cssm', connections)), onprem: new RemotePolicies(this.policyOptions('ssm-onprem', connections)) };
  }

  private policyOptions(kind: TargetKind, concurrency: number): RemotePolicyOptions {
    const c = this.config;
    return {
      kind,
      // undici's connect and answer timeouts fire first with their precise cause; this bounds the whole attempt.
      timeoutMs: c.CSSM_CONNECT_TIMEOUT + c.CSSM_REQUEST_TIMEOUT,
      retry: {
        maxAttempts: c.CSSM_MAX_ATTEMPTS,
        initialDelayMs: c.CSSM_RETRY_BASE_DELAY,
        maxDelayMs: c.CSSM_RETRY_MAX_DELAY,
        retryable: (e) => isRemoteCallTimeout(e) || (e instanceof CssmAttemptFailure && e.failure.retryable),
        retryAfterMs: (e) => (e instanceof CssmAttemptFailure ? e.retryAfterMs : undefined),
      },
      circuit: {
        breakAfter: c.CSSM_CIRCUIT_BREAK_AFTER,
        halfOpenAfterMs: c.CSSM_CIRCUIT_HALF_OPEN_AFTER,
        failure: (e) => isRemoteCallTimeout(e) || (e instanceof CssmAttemptFailure && e.hostFailure),
        openError: (host, last) => new CssmCircuitOpen(host, last),
      },
      concurrency,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatchers.close();
  }

  /** The calls of one smart account; `calls` counts the HTTP exchanges (tokens included). */
  session(connection: CssmConnection, options: CssmCallOptions = {}): CssmSession {
    return new CssmSession(this, connection, options);
  }

  // --- OAuth2 -------------------------------------------------------------------------------------------

  /** A cached access token, or a new one (one request at a time per connection). */
  accessToken(connection: CssmConnection, options: CssmCallOptions, stats: { calls: number }): Promise<string> {
    const cached = this.tokens.get(connection.key);
    if (cached && Date.now() < cached.renewAt) return Promise.resolve(cached.accessToken);
    let pending = this.pendingTokens.get(connection.key);
    if (!pending) {
      pending = this.fetchAccessToken(connection, options, stats).finally(() => this.pendingTokens.delete(connection.key));
      this.pendingTokens.set(connection.key, pending);
    }
    return pending;
  }

  /** Drops a token CSSM refused, unless another call already replaced it. */
  invalidateAccessToken(connection: CssmConnection, accessToken: string): void {
    if (this.tokens.get(connection.key)?.accessToken === accessToken) this.tokens.delete(connection.key);
  }

  private async fetchAccessToken(connection: CssmConnection, options: CssmCallOptions, stats: { calls: number }): Promise<string> {
    // CSSM's authentication gateway takes a form body; the satellite token URL takes JSON (cisco-interfaces.md §1.1, §2).
    const fields = { grant_type: 'client_credentials', client_id: connection.clientId, client_secret: connection.clientSecret };
    const body = connection.realm === 'cloud' ? new URLSearchParams(fields).toString() : JSON.stringify(fields);
    const contentType = connection.realm === 'cloud' ? 'application/x-www-form-urlencoded' : 'application/json';
    const details = { operation: 'oauth-token', url: connection.tokenUrl };
    const parsed = await this.exchange(connection, { method: 'POST', url: connection.tokenUrl, body, contentType, details, schema: accessTokenResponse, authFailure: true }, options, stats);
    const lifetimeMs = parsed.expires_in * 1000;
    // Renew a minute early (or at 90 % of a short lifetime), so a call never leaves with an almost-expired token.
    this.tokens.set(connection.key, { accessToken: parsed.access_token, renewAt: Date.now() + lifetimeMs - Math.min(60_000, lifetimeMs * 0.1) });
    return parsed.access_token;
  }

  // --- API calls ----------------------------------------------------------------------------------------

  async call<S extends z.ZodType>(
    connection: CssmConnection,
    call: { method: 'GET' | 'POST'; path: string; body?: unknown; schema: S; operation: string },
    options: CssmCallOptions,
    stats: { calls: number },
  ): Promise<z.infer<S>> {
    const url = `${connection.apiBaseUrl}${call.path}`;
    const details = { operation: call.operation, url: url.split('?')[0] };
    let renewed = false;
    for (;;) {
      const accessToken = await this.accessToken(connection, options, stats);
      try {
        return await this.exchange(
          connection,
          { method: call.method, url, body: call.body === undefined ? undefined : JSON.stringify(call.body), contentType: 'application/json', details, schema: call.schema, bearer: accessToken },
          options,
          stats,
        );
      } catch (error) {
        // One renewal on a 401 (token revoked or expired early on CSSM's side), then CSSM1011.
        if (!renewed && error instanceof SmartlicException && error.code === 'CSSM1011' && error.details?.httpStatus === 401 && error.details.operation !== 'oauth-token') {
          renewed = true;
          this.invalidateAccessToken(connection, accessToken);
          continue;
        }
        throw error;
      }
    }
  }

  /** One HTTP exchange with retries; the body parsed as JSON and checked against `schema`. */
  private async exchange<S extends z.ZodType>(
    connection: CssmConnection,
    x: { method: 'GET' | 'POST'; url: string; body?: string; contentType: string; details: Record<string, unknown>; schema: S; bearer?: string; authFailure?: boolean },
    options: CssmCallOptions,
    stats: { calls: number },
  ): Promise<z.infer<S>> {
    // One CLIENT span and latency/error-code metric per CSSM exchange (retries included), named by the API resource.
    const operation = new URL(x.url).pathname.split('/').filter(Boolean).at(-1) ?? 'cssm';
    return measureCssmCall(operation, () => this.exchangeWithRetries(connection, x, options, stats));
  }

  private async exchangeWithRetries<S extends z.ZodType>(
    connection: CssmConnection,
    x: { method: 'GET' | 'POST'; url: string; body?: string; contentType: string; details: Record<string, unknown>; schema: S; bearer?: string; authFailure?: boolean },
    options: CssmCallOptions,
    stats: { calls: number },
  ): Promise<z.infer<S>> {
    const dispatcher: Dispatcher = this.dispatchers.for(connection);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (x.body !== undefined) headers['content-type'] = x.contentType;
    if (x.bearer) headers.authorization = `Bearer ${x.bearer}`;
    const policy = this.policies[connection.realm].for(new URL(x.url).host);
    let attempts = 1;
    try {
      return await policy.execute(
        async ({ signal, attempt }) => {
          attempts = attempt;
          stats.calls++;
          let status: number;
          let text: string;
          let retryAfter: string | string[] | undefined;
          try {
            const res = await request(x.url, {
              method: x.method,
              headers,
              body: x.body,
              dispatcher,
              headersTimeout: this.config.CSSM_REQUEST_TIMEOUT,
              bodyTimeout: this.config.CSSM_REQUEST_TIMEOUT,
              signal,
            });
            text = await res.body.text();
            status = res.statusCode;
            retryAfter = res.headers['retry-after'];
          } catch (error) {
            // Aborted: by the caller (passed on as is) or by the policy's timeout (which answers for the attempt).
            if (signal.aborted || error instanceof SmartlicException) throw error;
            throw new CssmAttemptFailure(classifyNetworkError(error, x.details), true);
          }
          if (status >= 200 && status < 300) return this.parse(text, x.schema, x.details);
          // The token endpoint answers 400/401 for bad client credentials: both are CSSM1011.
          const classified = classifyHttpStatus(x.authFailure && (status === 400 || status === 401) ? 401 : status, upstreamMessage(text), x.details);
          throw new CssmAttemptFailure(classified, status >= 500, status === 429 || status === 503 ? parseRetryAfter(retryAfter) : undefined);
        },
        { signal: options.signal },
      );
    } catch (error) {
      throw this.toCatalogueError(error, x.details, attempts);
    }
  }

  private toCatalogueError(error: unknown, details: Record<string, unknown>, attempts: number): unknown {
    const withAttempts = (exception: SmartlicException) => {
      if (attempts > 1) exception.details!.attempts = attempts;
      return exception;
    };
    if (error instanceof CssmAttemptFailure) return withAttempts(error.failure.exception);
    if (isRemoteCallTimeout(error)) return withAttempts(SmartlicException.fromCode('CSSM1007', { ...details, cause: 'timeout' }));
    if (error instanceof CssmCircuitOpen) {
      // The code the host gave last, for this call's operation: what calling it now would most likely answer.
      const last = this.toCatalogueError(error.lastFailure, details, 1);
      const base = (last instanceof SmartlicException ? last : SmartlicException.fromCode('CSSM1004')).toJSON();
      return new SmartlicException({ ...base, details: { ...details, circuit: 'open', host: error.host } });
    }
    return error;
  }

  private parse<S extends z.ZodType>(text: string, schema: S, details: Record<string, unknown>): z.infer<S> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw SmartlicException.fromCode('CSSM1012', { ...details, bodyPreview: text.slice(0, 80) });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw SmartlicException.fromCode('CSSM1013', { ...details, issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) });
    }
    return parsed.data;
  }

  get pageSize(): number {
    return this.config.CSSM_PAGE_SIZE;
  }
}

/** The Smart Accounts API of one smart account (cloud) or local account (On-Prem). */
export class CssmSession {
  readonly stats = { calls: 0 };
  private readonly paths;

  constructor(
    private readonly client: CssmClient,
    readonly connection: CssmConnection,
    private readonly options: CssmCallOptions,
  ) {
    this.paths = cssmPaths(connection.realm, connection.account);
  }

  private call<S extends z.ZodType>(operation: string, method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    return this.client.call(this.connection, { method, path, schema, body, operation }, this.options, this.stats);
  }

  /** The account as CSSM lists it for these credentials; undefined when the credentials do not see it. */
  async account(): Promise<{ name: string; status: string } | undefined> {
    const { accounts } = await this.call('accounts', 'GET', this.paths.accounts, accountsResponse);
    const key = this.connection.account.toLowerCase();
    const match = accounts.find((a) => a.accountDomain.toLowerCase() === key || a.accountName.toLowerCase() === key);
    return match ? { name: match.accountName, status: match.accountStatus } : undefined;
  }

  async virtualAccounts(): Promise<VirtualAccountWire[]> {
    return (await this.call('virtual-accounts', 'GET', this.paths.virtualAccounts, virtualAccountsResponse)).virtualAccounts;
  }

  /** Every license line of a VA, page by page. */
  licenses(va: string): Promise<LicenseItemWire[]> {
    return this.paged((offset, limit) => this.call('licenses', 'POST', this.paths.licenses, licensesResponse, { virtualAccounts: [va], limit, offset }).then((r) => ({ items: r.licenses, total: r.totalRecords })));
  }

  subscriptions(va: string): Promise<SubscriptionWire[]> {
    return this.paged((offset, limit) =>
      this.call('license-subscriptions', 'POST', this.paths.subscriptions, subscriptionsResponse, { virtualAccounts: [va], limit, offset }).then((r) => ({ items: r.subscriptions, total: r.totalRecords })),
    );
  }

  async tokens(va: string): Promise<TokenInfoWire[]> {
    return (await this.call('tokens', 'GET', this.paths.tokens(va), tokensResponse)).tokens;
  }

  async createToken(va: string, body: { description: string; expiresAfterDays: number; exportControlled: 'Allowed' | 'Not Allowed' }): Promise<TokenInfoWire> {
    return (await this.call('create-token', 'POST', this.paths.tokens(va), createTokenResponse, body)).tokenInfo;
  }

  private async paged<T>(page: (offset: number, limit: number) => Promise<{ items: T[]; total?: number }>): Promise<T[]> {
    const limit = this.client.pageSize;
    const all: T[] = [];
    for (let offset = 0; ; offset += limit) {
      const { items, total } = await page(offset, limit);
      all.push(...items);
      // Stop at totalRecords when CSSM sends it, else at a short page.
      if (items.length === 0 || (total !== undefined ? offset + limit >= total : items.length < limit)) return all;
    }
  }
}
