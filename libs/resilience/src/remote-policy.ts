import { setMaxListeners } from 'node:events';
import {
  bulkhead,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  isBrokenCircuitError,
  isTaskCancelledError,
  retry,
  timeout,
  TimeoutStrategy,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type RetryPolicy,
  type TimeoutPolicy,
} from 'cockatiel';
import { forgetCircuit, recordCallRetry, recordCircuitStateChange, type CircuitStateName } from '#libs/observability';
import { JitteredBackoff } from './backoff.js';

/** The kinds of remote system smartlic calls: the metrics' label (never the host). */
export const TARGET_KINDS = ['cssm', 'ssm-onprem', 'cucm', 'cuc', 'cer', 'expressway', 'paws', 'plm'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface RetryOptions {
  /** Attempts in all, the first included (1: no retry). */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Longest wait a Retry-After may ask for; `maxDelayMs` when absent. */
  maxRetryAfterMs?: number;
  /** The caller's decision: which failures another attempt may cure. */
  retryable: (error: unknown) => boolean;
  /** The wait a failure asks for (its `Retry-After`), instead of the computed backoff. */
  retryAfterMs?: (error: unknown) => number | undefined;
}

export interface CircuitOptions {
  /** Consecutive failures of the host that open its circuit. */
  breakAfter: number;
  /** How long an open circuit fails calls fast before one trial call may pass (half-open). */
  halfOpenAfterMs: number;
  /** The caller's decision: which failures say the host is unwell (unreachable, timing out, 5xx), not the request. */
  failure: (error: unknown) => boolean;
  /**
   * The error a call refused by the open circuit throws: the caller's code for an unreachable system, from the
   * failure that opened the circuit.
   */
  openError: (host: string, lastFailure: unknown) => Error;
}

export interface RemotePolicyOptions {
  kind: TargetKind;
  retry?: RetryOptions;
  /** Longest time of one attempt (its signal aborts then); the attempt fails with RemoteCallTimeoutError. */
  timeoutMs?: number;
  /**
   * false: an attempt's signal is not aborted once the attempt returned, for callers whose attempt leaves nothing
   * running on it (the whole answer read before returning). Aborting builds a DOMException with its stack per call:
   * about 2 % of app-adapter's CPU in bench:assign. Default true.
   */
  abortOnReturn?: boolean;
  circuit?: CircuitOptions;
  /** Calls in flight to the host at once (bulkhead); the others wait their turn. */
  concurrency?: number;
  /** Logs each circuit state change with its host (the metrics carry only the kind). */
  logger?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

export interface RemoteCallContext {
  /** Aborted when the attempt times out or the caller's signal aborts: hand it to the transport. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface RemoteCallOptions {
  signal?: AbortSignal;
  /** false for a call that is not idempotent: one attempt only. */
  retry?: boolean;
  /**
   * The caller expects the host down (polling a restarting publisher): the call neither waits on nor counts toward
   * the circuit, so an expected outage does not open it and the poll sees the host come back at once.
   */
  expectDown?: boolean;
}

/** An attempt that outlived RemotePolicyOptions.timeoutMs. */
export class RemoteCallTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

export const isRemoteCallTimeout = (error: unknown): error is RemoteCallTimeoutError => error instanceof RemoteCallTimeoutError;

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

// Shared by every call without a caller's signal: cockatiel listens on it once per call in flight, so a bulkhead of
// 50 calls would trip Node's listener-leak warning (10) without any leak.
const NEVER_ABORTED = new AbortController().signal;
setMaxListeners(0, NEVER_ABORTED);

/**
 * The runtime policy of one remote host, on cockatiel: retry (exponential backoff with jitter, Retry-After honoured)
 * around a circuit breaker (consecutive failures; half-open after a pause) around a bulkhead around a per-attempt
 * timeout. Each attempt counts for the circuit and holds a bulkhead slot only while it runs, not while it waits to be
 * retried. Built once per host (RemotePolicies) and reused by every call.
 */
export class RemotePolicy {
  private readonly retryPolicy?: RetryPolicy;
  private readonly breaker?: CircuitBreakerPolicy;
  private readonly limit?: BulkheadPolicy;
  private readonly timeoutPolicy?: TimeoutPolicy;

  constructor(
    readonly host: string,
    private readonly options: RemotePolicyOptions,
  ) {
    const { kind, logger } = options;
    if (options.retry && options.retry.maxAttempts > 1) {
      const { retryable, maxAttempts } = options.retry;
      // An open circuit is never retried: its pause is far longer than a backoff step.
      this.retryPolicy = retry(
        handleWhen((e) => !isBrokenCircuitError(e) && retryable(e)),
        { maxAttempts: maxAttempts - 1, backoff: new JitteredBackoff(options.retry) },
      );
      this.retryPolicy.onRetry(() => recordCallRetry(kind));
    }
    if (options.circuit) {
      const circuit = options.circuit;
      this.breaker = circuitBreaker(handleWhen(circuit.failure), { halfOpenAfter: circuit.halfOpenAfterMs, breaker: new ConsecutiveBreaker(circuit.breakAfter) });
      this.breaker.onStateChange((state) => {
        const name = STATE_NAMES[state];
        recordCircuitStateChange({ targetKind: kind, key: this.key, state: name });
        const entry = { targetKind: kind, host, circuit: name };
        if (name === 'open') logger?.warn({ ...entry, halfOpenAfterMs: circuit.halfOpenAfterMs, err: this.lastFailureMessage() }, 'circuit opened: calls to the host fail fast');
        else logger?.info(entry, 'circuit state changed');
      });
    }
    if (options.concurrency) this.limit = bulkhead(options.concurrency, Number.POSITIVE_INFINITY);
    if (options.timeoutMs) this.timeoutPolicy = timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: options.abortOnReturn !== false });
  }

  get kind(): TargetKind {
    return this.options.kind;
  }

  private get key(): string {
    return `${this.options.kind} ${this.host}`;
  }

  get circuitState(): CircuitStateName {
    return this.breaker ? STATE_NAMES[this.breaker.state] : 'closed';
  }

  /** True while no call runs or waits: the policy can be dropped without losing anything. */
  get idle(): boolean {
    return this.circuitState === 'closed' && (!this.limit || this.limit.executionSlots === this.options.concurrency);
  }

  /** Runs `fn` under the host's policy; its errors are the caller's, or the circuit's openError. */
  async execute<T>(fn: (context: RemoteCallContext) => Promise<T>, call: RemoteCallOptions = {}): Promise<T> {
    const attempt = (signal: AbortSignal, n: number): Promise<T> => {
      const run = () => (this.limit ? this.limit.execute(() => this.timed(fn, signal, n), signal) : this.timed(fn, signal, n));
      return this.breaker && !call.expectDown ? this.breaker.execute(run, signal) : run();
    };
    try {
      if (this.retryPolicy && call.retry !== false) return await this.retryPolicy.execute((ctx) => attempt(ctx.signal, ctx.attempt + 1), call.signal);
      return await attempt(call.signal ?? NEVER_ABORTED, 1);
    } catch (error) {
      // Cancelled by the caller: the caller's own reason, as the transport would have thrown it.
      if (call.signal?.aborted && isTaskCancelledError(error)) throw call.signal.reason;
      if (isBrokenCircuitError(error) && this.options.circuit) {
        const last = this.breaker?.lastFailure;
        throw this.options.circuit.openError(this.host, last && 'error' in last ? last.error : undefined);
      }
      throw error;
    }
  }

  private async timed<T>(fn: (context: RemoteCallContext) => Promise<T>, signal: AbortSignal, attempt: number): Promise<T> {
    if (!this.timeoutPolicy) return fn({ signal, attempt });
    try {
      return await this.timeoutPolicy.execute((ctx) => fn({ signal: ctx.signal, attempt }), signal);
    } catch (error) {
      if (isTaskCancelledError(error) && !signal.aborted) throw new RemoteCallTimeoutError(this.options.timeoutMs!);
      throw error;
    }
  }

  private lastFailureMessage(): string | undefined {
    const last = this.breaker?.lastFailure;
    return last && 'error' in last ? (last.error as Error | undefined)?.message : undefined;
  }

  /** Stops counting this policy's circuit (RemotePolicies dropped it). */
  dispose(): void {
    forgetCircuit(this.options.kind, this.key);
  }
}

/** One host's policy, built from the caller's options (RemotePolicies keeps one per host). */
export const policyFor = (host: string, options: RemotePolicyOptions): RemotePolicy => new RemotePolicy(host, options);

/**
 * The policies of one client, one per remote host, created on its first call and kept: the circuit and the bulkhead
 * must outlive a call. Past `maxHosts`, the oldest idle ones (closed circuit, nothing in flight) are dropped.
 */
export class RemotePolicies {
  private readonly policies = new Map<string, RemotePolicy>();

  constructor(
    private readonly options: RemotePolicyOptions,
    private readonly maxHosts = 10_000,
  ) {}

  /** The policy of `host` (`address:port`, or a URL's host). */
  for(host: string): RemotePolicy {
    let policy = this.policies.get(host);
    if (!policy) {
      if (this.policies.size >= this.maxHosts) this.evictIdle();
      policy = policyFor(host, this.options);
      this.policies.set(host, policy);
    }
    return policy;
  }

  get size(): number {
    return this.policies.size;
  }

  private evictIdle(): void {
    for (const [host, policy] of this.policies) {
      if (this.policies.size < this.maxHosts) return;
      if (!policy.idle) continue;
      policy.dispose();
      this.policies.delete(host);
    }
  }
}

/** A limit shared by several hosts (app-adapter's calls per application type): `execute` waits for a free slot. */
export type ConcurrencyLimit = Pick<BulkheadPolicy, 'execute'>;

/** At most `limit` calls at once, the others queued first in, first out (a bulkhead that never rejects). */
export const concurrencyLimit = (limit: number): ConcurrencyLimit => bulkhead(limit, Number.POSITIVE_INFINITY);
