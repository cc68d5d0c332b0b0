import { CallCounter } from '../call-counter.js';
import { LatencyModel } from '../latency-model.js';

describe('LatencyModel', () => {
  it('adds nothing (no promise to await) when no rule is set', () => {
    const sut = new LatencyModel();
    expect(sut.apply('cssm.licenses')).toBeUndefined();
    expect(sut.delayFor('cssm.licenses')).toBe(0);
  });

  it('applies the first matching rule per route glob', () => {
    const sut = new LatencyModel();
    sut.set([{ route: 'cssm.licenses', fixedMs: 5 }, { route: 'cssm.*', meanMs: 10, jitterMs: 2 }]);
    expect(sut.delayFor('cssm.licenses')).toBe(5);
    const d = sut.delayFor('cssm.accounts');
    expect(d).toBeGreaterThanOrEqual(8);
    expect(d).toBeLessThanOrEqual(12);
    expect(sut.apply('agent.register')).toBeUndefined();
  });

  it('samples a p50/p99 distribution with the median near p50', () => {
    const sut = new LatencyModel();
    sut.set([{ route: '*', p50Ms: 10, p99Ms: 100 }]);
    const samples = Array.from({ length: 2001 }, () => sut.delayFor('x')).sort((a, b) => a - b);
    expect(samples[1000]).toBeGreaterThan(7);
    expect(samples[1000]).toBeLessThan(14);
  });

  it('rejects a rule that is none of the three shapes', () => {
    expect(() => new LatencyModel().set([{ route: 'x' } as never])).toThrow();
  });
});

describe('CallCounter', () => {
  it('counts per route and target, totals without target, and resets', () => {
    const sut = new CallCounter();
    sut.increment('agent.register', 'a.com');
    sut.increment('agent.register', 'a.com');
    sut.increment('agent.register', 'b.com');
    expect(sut.count('agent.register', 'a.com')).toBe(2);
    expect(sut.count('agent.register')).toBe(3);
    expect(sut.count('cssm.licenses')).toBe(0);
    expect(sut.snapshot()).toEqual({ 'agent.register': { total: 3, targets: { 'a.com': 2, 'b.com': 1 } } });
    sut.reset();
    expect(sut.count('agent.register')).toBe(0);
  });
});
