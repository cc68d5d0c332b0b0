import { initMetrics, renderPrometheusMetrics, shutdownMetrics } from '#libs/observability';
import { JitteredBackoff } from '../backoff.js';
import { delay } from '../delay.js';
import { isRemoteCallTimeout, policyFor, RemotePolicies, type RemotePolicyOptions } from '../remote-policy.js';
import { parseRetryAfter } from '../retry-after.js';

class Unreachable extends Error {
  constructor(readonly retryAfterMs?: number) {
    super('connection refused');
  }
}
class Refused extends Error {}

const options = (overrides: Partial<RemotePolicyOptions> = {}): RemotePolicyOptions => ({
  kind: 'cucm',
  retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1_000, retryable: (e) => e instanceof Unreachable, retryAfterMs: (e) => (e as Unreachable).retryAfterMs },
  ...overrides,
});

describe('parseRetryAfter: delay-seconds or an HTTP-date (RFC 9110)', () => {
  it('reads seconds, a date, and nothing else', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter(['0'], now)).toBe(0);
    expect(parseRetryAfter('Wed, 02 Dec 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('JitteredBackoff: exponential, between half and all of each step, capped', () => {
  const context = (attempt: number, error: unknown = new Error('x')) => ({ attempt, signal: new AbortController().signal, result: { error } });

  it('doubles each step and spreads it over its upper half', () => {
    const low = new JitteredBackoff({ initialDelayMs: 100, maxDelayMs: 1_000 }, () => 0);
    const high = new JitteredBackoff({ initialDelayMs: 100, maxDelayMs: 1_000 }, () => 0.999_999);
    expect([1, 2, 3, 4, 5].map((n) => low.next(context(n)).duration)).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => Math.round(high.next(context(n)).duration))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('waits what a Retry-After asks, capped by the longest delay', () => {
    const sut = new JitteredBackoff({ initialDelayMs: 100, maxDelayMs: 1_000, retryAfterMs: (e) => (e as Unreachable).retryAfterMs });
    expect(sut.next(context(1, new Unreachable(700))).duration).toBe(700);
    expect(sut.next(context(1, new Unreachable(60_000))).duration).toBe(1_000);
    const patient = new JitteredBackoff({ initialDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 30_000, retryAfterMs: (e) => (e as Unreachable).retryAfterMs });
    expect(patient.next(context(1, new Unreachable(20_000))).duration).toBe(20_000);
    expect(patient.next(context(1, new Unreachable(60_000))).duration).toBe(30_000);
  });
});

describe('RemotePolicy: retry, timeout, circuit breaker and bulkhead of one remote host', () => {
  beforeEach(() => initMetrics({ serviceName: 'policy-spec' }));
  afterEach(() => shutdownMetrics());

  it('retries what the caller calls retryable, waiting what Retry-After asks, and gives up after maxAttempts', async () => {
    const sut = policyFor('10.0.0.1:443', options());
    const attempts: number[] = [];
    const started = Date.now();
    const result = await sut.execute(async ({ attempt }) => {
      attempts.push(attempt);
      if (attempt === 1) throw new Unreachable(150);
      return 'answer';
    });
    expect(result).toBe('answer');
    expect(attempts).toEqual([1, 2]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);

    let calls = 0;
    await expect(sut.execute(async () => Promise.reject(new Unreachable(++calls && undefined)))).rejects.toBeInstanceOf(Unreachable);
    expect(calls).toBe(3);
    expect(await renderPrometheusMetrics()).toContain('smartlic_call_retries_total{target_kind="cucm",service_name="policy-spec"} 3');
  });

  it('does not retry a failure the caller does not call retryable, nor a call that is not idempotent', async () => {
    const sut = policyFor('10.0.0.2:443', options());
    let calls = 0;
    await expect(sut.execute(async () => Promise.reject(new Refused(`refused ${++calls}`)))).rejects.toThrow('refused 1');
    await expect(sut.execute(async () => Promise.reject(new Unreachable(++calls && undefined)), { retry: false })).rejects.toBeInstanceOf(Unreachable);
    expect(calls).toBe(2);
  });

  it('times an attempt out: its signal aborts and it fails with RemoteCallTimeoutError, which the caller may retry', async () => {
    const signals: AbortSignal[] = [];
    const sut = policyFor('10.0.0.3:443', options({ timeoutMs: 50, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1, retryable: isRemoteCallTimeout } }));
    const error = await sut.execute(({ signal }) => (signals.push(signal), new Promise<never>(() => undefined))).catch((e: unknown) => e);
    expect(isRemoteCallTimeout(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', timeoutMs: 50 });
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
  });

  it("aborts an attempt's signal once it returned, unless abortOnReturn is false (nothing left running on it); a timeout still aborts it", async () => {
    const seen = async (abortOnReturn: boolean | undefined, host: string) => {
      let signal: AbortSignal | undefined;
      await policyFor(host, options({ timeoutMs: 5_000, ...(abortOnReturn === undefined ? {} : { abortOnReturn }) })).execute(async (ctx) => void (signal = ctx.signal));
      return signal!.aborted;
    };
    expect(await seen(undefined, '10.0.0.11:443')).toBe(true);
    expect(await seen(false, '10.0.0.12:443')).toBe(false);
    let timedOut: AbortSignal | undefined;
    const sut = policyFor('10.0.0.13:443', options({ timeoutMs: 30, abortOnReturn: false }));
    await expect(sut.execute(({ signal }) => ((timedOut = signal), new Promise<never>(() => undefined)))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(timedOut!.aborted).toBe(true);
  });

  it("a call the caller cancels fails with the caller's reason, not as a timeout", async () => {
    const sut = policyFor('10.0.0.7:443', options({ timeoutMs: 5_000 }));
    const cancel = new AbortController();
    const reason = new Error('the sync service stopped');
    setTimeout(() => cancel.abort(reason), 20);
    await expect(sut.execute(() => new Promise<never>(() => undefined), { signal: cancel.signal })).rejects.toBe(reason);
  });

  it('opens the circuit after N consecutive host failures: calls fail fast with the caller\'s error, then one trial call half-opens and closes it', async () => {
    const sut = policyFor('10.0.0.4:8443', options({
      retry: undefined,
      circuit: {
        breakAfter: 3,
        halfOpenAfterMs: 100,
        failure: (e) => e instanceof Unreachable,
        openError: (host, last) => Object.assign(new Error(`circuit open for ${host}: ${(last as Error).message}`), { code: 'CAA1046' }),
      },
    }));
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Unreachable();
    };
    // A refusal by the application is not the host failing: it does not count.
    await expect(sut.execute(async () => Promise.reject(new Refused('bad credentials')))).rejects.toBeInstanceOf(Refused);
    for (let i = 0; i < 3; i++) await expect(sut.execute(failing)).rejects.toBeInstanceOf(Unreachable);
    expect(sut.circuitState).toBe('open');
    await expect(sut.execute(failing)).rejects.toMatchObject({ code: 'CAA1046', message: 'circuit open for 10.0.0.4:8443: connection refused' });
    expect(calls).toBe(3);
    let text = await renderPrometheusMetrics();
    expect(text).toContain('smartlic_circuit_opened_total{target_kind="cucm",service_name="policy-spec"} 1');
    expect(text).toContain('smartlic_circuit_open{target_kind="cucm",service_name="policy-spec"} 1');

    // A poll that expects the host down goes around the circuit.
    expect(await sut.execute(async () => 'restarting', { expectDown: true })).toBe('restarting');
    expect(sut.circuitState).toBe('open');

    await delay(110);
    expect(await sut.execute(async () => 'back')).toBe('back');
    expect(sut.circuitState).toBe('closed');
    text = await renderPrometheusMetrics();
    expect(text).toContain('smartlic_circuit_state_changes_total{target_kind="cucm",state="half-open",service_name="policy-spec"} 1');
    expect(text).toContain('smartlic_circuit_open{target_kind="cucm",service_name="policy-spec"} 0');
  });

  it('a failed trial call opens the circuit again', async () => {
    const sut = policyFor('10.0.0.5:443', options({
      retry: undefined,
      circuit: { breakAfter: 1, halfOpenAfterMs: 50, failure: () => true, openError: () => new Error('open') },
    }));
    await expect(sut.execute(async () => Promise.reject(new Unreachable()))).rejects.toBeInstanceOf(Unreachable);
    await delay(60);
    await expect(sut.execute(async () => Promise.reject(new Unreachable()))).rejects.toBeInstanceOf(Unreachable);
    expect(sut.circuitState).toBe('open');
    await expect(sut.execute(async () => 'not called')).rejects.toThrow('open');
  });

  it('the bulkhead lets `concurrency` calls run at once and queues the others', async () => {
    const sut = policyFor('10.0.0.6:443', options({ concurrency: 3 }));
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        sut.execute(async () => {
          most = Math.max(most, ++running);
          await delay(10);
          running--;
          return i;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });

  it('RemotePolicies keeps one policy per host, so its circuit and bulkhead outlive a call', () => {
    const sut = new RemotePolicies(options(), 2);
    const a = sut.for('a:443');
    expect(sut.for('a:443')).toBe(a);
    sut.for('b:443');
    sut.for('c:443');
    expect(sut.size).toBe(2);
    expect(sut.for('c:443')).not.toBe(a);
  });
});
