import { flushMetrics, shutdownMetrics } from './metrics.js';
import { flushTelemetry, shutdownTelemetry } from './tracing.js';

/** How long a service waits for the collector at shutdown before it gives up the last spans and metrics. */
export const TELEMETRY_FLUSH_TIMEOUT_MS = 5_000;

/** Settles when `work` does or after `timeoutMs`; true when `work` finished in time. Never rejects. */
const within = async (work: Promise<unknown>, timeoutMs: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([work.then(() => true, () => false), expired]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Exports the buffered spans and pushes the last metrics, bounded by `timeoutMs` (an unreachable collector must not
 * hold a stopping service). A service's close calls it; the providers stay usable (several services in one process).
 */
export const flushTelemetryAndMetrics = (timeoutMs = TELEMETRY_FLUSH_TIMEOUT_MS): Promise<boolean> =>
  within(Promise.all([flushTelemetry(), flushMetrics()]), timeoutMs);

/** Flushes and stops both providers, bounded by `timeoutMs`: the last thing a service process does before it exits. */
export const shutdownTelemetryAndMetrics = (timeoutMs = TELEMETRY_FLUSH_TIMEOUT_MS): Promise<boolean> =>
  within(Promise.all([shutdownTelemetry(), shutdownMetrics()]), timeoutMs);
