import type { FastifyInstance } from 'fastify';

export interface ConcurrencyLimits {
  /** Requests served at the same time; the excess gets 429. */
  maxConcurrent?: number;
  /** Requests accepted per second (fixed one-second window); the excess gets 429. */
  maxPerSecond?: number;
}

/** Optional per-server limits on concurrency and request rate. No limits = always admits. */
export class ConcurrencyLimiter {
  private active = 0;
  private windowStart = 0;
  private windowCount = 0;

  constructor(private limits: ConcurrencyLimits = {}) {}

  configure(limits: ConcurrencyLimits): void {
    this.limits = { ...limits };
  }

  get settings(): ConcurrencyLimits {
    return { ...this.limits };
  }

  get enabled(): boolean {
    return this.limits.maxConcurrent !== undefined || this.limits.maxPerSecond !== undefined;
  }

  /** Admits a request (caller must release() it later) or returns the Retry-After seconds. */
  tryAcquire(now = Date.now()): { admitted: true } | { admitted: false; retryAfterSeconds: number } {
    const { maxConcurrent, maxPerSecond } = this.limits;
    if (maxPerSecond !== undefined) {
      if (now - this.windowStart >= 1000) {
        this.windowStart = now;
        this.windowCount = 0;
      }
      if (this.windowCount >= maxPerSecond) return { admitted: false, retryAfterSeconds: 1 };
    }
    if (maxConcurrent !== undefined && this.active >= maxConcurrent) return { admitted: false, retryAfterSeconds: 1 };
    this.windowCount++;
    this.active++;
    return { admitted: true };
  }

  release(): void {
    if (this.active > 0) this.active--;
  }
}

export interface InstallLimiterOptions {
  /** The server's error body for a 429, in its own error shape. */
  errorBody: (status: number, message: string) => unknown;
  /** URLs that bypass the limiter (the admin API by default). */
  skip?: (url: string) => boolean;
}

/** Puts the limiter in front of every route of the app (an onRequest hook); adds nothing when unlimited. */
export const installConcurrencyLimiter = (app: FastifyInstance, limiter: ConcurrencyLimiter, options: InstallLimiterOptions): void => {
  const skip = options.skip ?? ((url: string) => url.startsWith('/__admin'));
  app.addHook('onRequest', (request, reply, done) => {
    if (!limiter.enabled || skip(request.url)) return done();
    const result = limiter.tryAcquire();
    if (!result.admitted) {
      void reply
        .code(429)
        .header('retry-after', String(result.retryAfterSeconds))
        .send(options.errorBody(429, 'Too many requests, retry later'));
      return;
    }
    // 'close' fires when the response finished or the socket died (reset/timeout faults), so slots never leak.
    reply.raw.once('close', () => limiter.release());
    done();
  });
};
