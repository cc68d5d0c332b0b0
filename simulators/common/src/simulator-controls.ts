import type { FastifyReply, FastifyRequest } from 'fastify';
import { CallCounter } from './call-counter.js';
import { ConcurrencyLimiter, type ConcurrencyLimits } from './concurrency-limiter.js';
import { FaultInjector, type ApplyFaultOptions } from './fault-injector.js';
import { LatencyModel } from './latency-model.js';

/**
 * The per-server bundle of test controls. Each route calls `enter()` first with its route id and target:
 * the call is counted, the latency model applied, then faults; `true` means a fault answered and the route stops.
 */
export class SimulatorControls {
  readonly faults: FaultInjector;
  readonly latency = new LatencyModel();
  readonly counter = new CallCounter();
  readonly limiter: ConcurrencyLimiter;

  constructor(options: { errorBody?: (status: number) => unknown; limits?: ConcurrencyLimits } = {}) {
    this.faults = new FaultInjector({ errorBody: options.errorBody });
    this.limiter = new ConcurrencyLimiter(options.limits);
  }

  async enter(routeId: string, target: string | undefined, request: FastifyRequest, reply: FastifyReply, options?: ApplyFaultOptions): Promise<boolean> {
    this.counter.increment(routeId, target);
    const wait = this.latency.apply(routeId);
    if (wait) await wait;
    if (this.faults.size === 0) return false;
    return this.faults.applyFaults(routeId, target, request, reply, options);
  }
}
