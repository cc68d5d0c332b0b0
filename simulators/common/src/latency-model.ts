import { z } from 'zod';
import { routeGlobMatcher } from './route-glob.js';

export const latencyRuleSchema = z.union([
  z.object({ route: z.string().default('*'), fixedMs: z.number().nonnegative() }),
  z.object({ route: z.string().default('*'), meanMs: z.number().nonnegative(), jitterMs: z.number().nonnegative().default(0) }),
  z.object({ route: z.string().default('*'), p50Ms: z.number().positive(), p99Ms: z.number().positive() }),
]);
export type LatencyRule = z.input<typeof latencyRuleSchema>;

// z-score of the 99th percentile of a standard normal, to fit a log-normal to p50/p99.
const Z99 = 2.3263;

const sampler = (rule: z.output<typeof latencyRuleSchema>): (() => number) => {
  if ('fixedMs' in rule) return () => rule.fixedMs;
  if ('meanMs' in rule) return () => Math.max(0, rule.meanMs + (Math.random() * 2 - 1) * rule.jitterMs);
  const mu = Math.log(rule.p50Ms);
  const sigma = Math.max(0, (Math.log(Math.max(rule.p99Ms, rule.p50Ms)) - mu) / Z99);
  return () => {
    // Box-Muller: one standard normal sample.
    const n = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
    return Math.exp(mu + sigma * n);
  };
};

/** Added latency per route glob; the first matching rule wins. Zero (and free) when no rule is set. */
export class LatencyModel {
  private rules: { rule: z.output<typeof latencyRuleSchema>; matches: (routeId: string) => boolean; sample: () => number }[] = [];

  set(rules: LatencyRule[]): void {
    this.rules = rules.map((r) => {
      const rule = latencyRuleSchema.parse(r);
      return { rule, matches: routeGlobMatcher(rule.route), sample: sampler(rule) };
    });
  }

  clear(): void {
    this.rules = [];
  }

  list(): LatencyRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** The delay to add to one request of the route, in ms. */
  delayFor(routeId: string): number {
    if (this.rules.length === 0) return 0;
    const rule = this.rules.find((r) => r.matches(routeId));
    return rule ? rule.sample() : 0;
  }

  /** Waits the route's delay; returns undefined (nothing to await) when there is none. */
  apply(routeId: string): Promise<void> | undefined {
    const ms = this.delayFor(routeId);
    if (ms <= 0) return undefined;
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
