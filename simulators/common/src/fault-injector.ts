import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { routeGlobMatcher } from './route-glob.js';

export const FAULT_KINDS = ['status', 'delay', 'reset', 'malformed', 'timeout'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSchema = z.object({
  /** Route id (`cssm.licenses`) or glob (`cssm.*`). */
  route: z.string().min(1),
  /** Cluster id (uc-apps) or account domain/name (cssm); absent or `'*'` = any. */
  target: z.string().optional(),
  kind: z.enum(FAULT_KINDS),
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  delayMs: z.number().int().nonnegative().optional(),
  /** How many requests the fault hits before it disappears; unlimited when absent. */
  times: z.number().int().positive().optional(),
});
export type Fault = z.infer<typeof faultSchema>;

export interface ActiveFault extends Fault {
  id: string;
  /** Requests this fault has hit so far. */
  hits: number;
}

export interface FaultInjectorOptions {
  /** The server's natural error body for a status, used when a 'status' fault carries no body. */
  errorBody?: (status: number) => unknown;
}

export interface ApplyFaultOptions {
  /** Content type of the route, so a 'malformed' answer is broken in the right language. */
  contentType?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const malformedBody = (contentType: string): string => {
  if (contentType.includes('xml')) return '<?xml version="1.0"?><soapenv:Envelope><soapenv:Body><ns:resp';
  if (contentType.includes('json')) return '{"status":"OK","statusMessage":"Succ';
  return '\u0000\u0001garbage';
};

/** Faults per route and target, consumed in insertion order: the first matching fault wins. */
export class FaultInjector {
  private faults: (ActiveFault & { matches: (routeId: string) => boolean })[] = [];
  private nextId = 1;

  constructor(private readonly options: FaultInjectorOptions = {}) {}

  add(fault: Fault): string {
    const parsed = faultSchema.parse(fault);
    const id = `f${this.nextId++}`;
    this.faults.push({ ...parsed, id, hits: 0, matches: routeGlobMatcher(parsed.route) });
    return id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map(({ matches: _m, ...f }) => f);
  }

  get size(): number {
    return this.faults.length;
  }

  /** Takes (and counts) the first fault matching the route and target, if any. */
  take(routeId: string, target = '*'): ActiveFault | undefined {
    if (this.faults.length === 0) return undefined;
    const i = this.faults.findIndex((f) => f.matches(routeId) && (f.target === undefined || f.target === '*' || f.target === target));
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    fault.hits++;
    if (fault.times !== undefined && fault.hits >= fault.times) this.faults.splice(i, 1);
    const { matches: _m, ...copy } = fault;
    return copy;
  }

  /**
   * Applies the matching fault to a request. Returns true when the fault answered (or killed) the request,
   * so the route must stop; false when the handler should run (no fault, or a 'delay' that has elapsed).
   */
  async applyFaults(routeId: string, target: string | undefined, request: FastifyRequest, reply: FastifyReply, options: ApplyFaultOptions = {}): Promise<boolean> {
    const fault = this.take(routeId, target);
    if (!fault) return false;
    switch (fault.kind) {
      case 'delay':
        await sleep(fault.delayMs ?? 1000);
        return false;
      case 'status': {
        const status = fault.status ?? 500;
        const body = fault.body ?? this.options.errorBody?.(status) ?? { error: 'SIMULATED_FAULT' };
        await reply.code(status).send(body);
        return true;
      }
      case 'malformed': {
        const contentType = options.contentType ?? 'application/json';
        await reply.code(200).header('content-type', contentType).send(malformedBody(contentType));
        return true;
      }
      case 'reset':
        reply.hijack();
        request.raw.socket.destroy();
        return true;
      case 'timeout':
        // Never answer: the client sees a hung request until it gives up or the server closes.
        reply.hijack();
        return true;
    }
  }
}
