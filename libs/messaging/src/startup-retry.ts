import type { Logger } from 'pino';

export interface StartupRetryOptions {
  /** First delay; doubles each attempt up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Stops retrying (the service is shutting down). */
  signal?: AbortSignal;
}

/**
 * Runs a start-up step against NATS until it succeeds, with exponential backoff: a slow or restarting nats-server
 * (JetStream not ready yet, a request timing out) delays a service's start instead of ending its process. Every
 * failed attempt is logged with what was being done.
 */
export const retryUntilReady = async <T>(what: string, step: () => Promise<T>, logger: Logger, options: StartupRetryOptions = {}): Promise<T> => {
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  let delay = options.initialDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (options.signal?.aborted) throw error;
      logger.warn({ attempt, retryInMs: delay, err: (error as Error).message }, `${what} failed; retrying`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
};
