import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CallCounter } from './call-counter.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import { faultSchema, type FaultInjector } from './fault-injector.js';
import { latencyRuleSchema, type LatencyModel } from './latency-model.js';

export interface AdminRoutesOptions {
  faults: FaultInjector;
  latency: LatencyModel;
  counter: CallCounter;
  limiter?: ConcurrencyLimiter;
  /** Replaces the simulator state with a scenario (validate inside; throw an Error to answer 400). */
  seed: (scenario: unknown) => void | Promise<void>;
  /** A JSON view of the state, for humans and tests. */
  snapshot: (query: Record<string, string>) => unknown;
}

const faultsBody = z.union([faultSchema, z.array(faultSchema), z.object({ faults: z.array(faultSchema) })]);
const latencyBody = z.union([z.array(latencyRuleSchema), z.object({ rules: z.array(latencyRuleSchema) })]);
const limitsBody = z.object({ maxConcurrent: z.number().int().positive().optional(), maxPerSecond: z.number().int().positive().optional() });

/** The simulator control API under `/__admin/` (faults, latency, call counts, scenario, state, limits). */
export const registerAdminRoutes = (app: FastifyInstance, options: AdminRoutesOptions): void => {
  const bad = (error: z.ZodError) => ({ error: 'BAD_REQUEST', issues: error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) });

  app.get('/__admin/faults', async () => ({ faults: options.faults.list() }));
  app.post('/__admin/faults', async (request, reply) => {
    const parsed = faultsBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    const list = Array.isArray(parsed.data) ? parsed.data : 'faults' in parsed.data ? parsed.data.faults : [parsed.data];
    return reply.code(201).send({ ids: list.map((f) => options.faults.add(f)) });
  });
  app.delete('/__admin/faults', async () => {
    options.faults.clear();
    return { ok: true };
  });
  app.delete<{ Params: { id: string } }>('/__admin/faults/:id', async (request, reply) =>
    options.faults.remove(request.params.id) ? { ok: true } : reply.code(404).send({ error: 'NOT_FOUND' }),
  );

  app.get('/__admin/latency', async () => ({ rules: options.latency.list() }));
  app.put('/__admin/latency', async (request, reply) => {
    const parsed = latencyBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    options.latency.set(Array.isArray(parsed.data) ? parsed.data : parsed.data.rules);
    return { rules: options.latency.list() };
  });
  app.delete('/__admin/latency', async () => {
    options.latency.clear();
    return { ok: true };
  });

  app.get('/__admin/calls', async () => ({ calls: options.counter.snapshot() }));
  app.delete('/__admin/calls', async () => {
    options.counter.reset();
    return { ok: true };
  });

  if (options.limiter) {
    const limiter = options.limiter;
    app.get('/__admin/limits', async () => limiter.settings);
    app.put('/__admin/limits', async (request, reply) => {
      const parsed = limitsBody.safeParse(request.body ?? {});
      if (!parsed.success) return reply.code(400).send(bad(parsed.error));
      limiter.configure(parsed.data);
      return limiter.settings;
    });
  }

  app.post('/__admin/scenario', async (request, reply) => {
    try {
      await options.seed(request.body);
    } catch (e) {
      return reply.code(400).send({ error: 'INVALID_SCENARIO', message: (e as Error).message });
    }
    return { ok: true };
  });
  app.get('/__admin/state', async (request) => options.snapshot(request.query as Record<string, string>));
};
