import type { IBackoff, IBackoffFactory, IRetryBackoffContext } from 'cockatiel';

export interface BackoffOptions {
  /** Delay before the first retry; doubles at each retry. */
  initialDelayMs: number;
  /** Longest computed delay. */
  maxDelayMs: number;
  /** Longest wait a Retry-After may ask for; `maxDelayMs` when absent. */
  maxRetryAfterMs?: number;
  /** The wait the failure asks for (a `Retry-After` header), which replaces the computed delay. */
  retryAfterMs?: (error: unknown) => number | undefined;
}

/**
 * Exponential backoff with "equal" jitter: retry n waits between half and all of initial × 2^(n-1) (capped), so
 * callers that failed together do not come back together, yet each waits at least half the step. A `Retry-After`
 * the failure carries wins (capped by maxRetryAfterMs).
 */
export class JitteredBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const { initialDelayMs, maxDelayMs, retryAfterMs, maxRetryAfterMs = maxDelayMs } = this.options;
    const asked = 'error' in context.result ? retryAfterMs?.(context.result.error) : undefined;
    const step = Math.min(maxDelayMs, initialDelayMs * 2 ** (context.attempt - 1));
    const duration = asked !== undefined ? Math.min(asked, maxRetryAfterMs) : step * (0.5 + this.random() / 2);
    // Each step is computed from the attempt number cockatiel passes, so the same factory serves every step.
    return { duration, next: (c) => this.next(c) };
  }
}
