/** Counts requests per route id and target so tests can assert "registered exactly once". */
export class CallCounter {
  private readonly byRoute = new Map<string, Map<string, number>>();

  increment(routeId: string, target = '*'): void {
    let targets = this.byRoute.get(routeId);
    if (!targets) this.byRoute.set(routeId, (targets = new Map()));
    targets.set(target, (targets.get(target) ?? 0) + 1);
  }

  /** Calls of a route, for one target or (without target) all targets together. */
  count(routeId: string, target?: string): number {
    const targets = this.byRoute.get(routeId);
    if (!targets) return 0;
    if (target !== undefined) return targets.get(target) ?? 0;
    let sum = 0;
    for (const n of targets.values()) sum += n;
    return sum;
  }

  reset(): void {
    this.byRoute.clear();
  }

  /** `{ routeId: { total, targets: { target: n } } }` */
  snapshot(): Record<string, { total: number; targets: Record<string, number> }> {
    const out: Record<string, { total: number; targets: Record<string, number> }> = {};
    for (const [routeId, targets] of this.byRoute) out[routeId] = { total: this.count(routeId), targets: Object.fromEntries(targets) };
    return out;
  }
}
