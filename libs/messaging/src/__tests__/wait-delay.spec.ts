import { waitDelayMs } from '../jetstream.server.js';

describe('waitDelayMs', () => {
  const def = { backoffMs: [1_000, 5_000, 30_000, 120_000], maxDeliver: 6 };

  it("is the consumer's own backoff without a wait window", () => {
    expect([1, 2, 3, 4, 5].map((d) => waitDelayMs(def, d))).toEqual([1_000, 5_000, 30_000, 120_000, 120_000]);
  });

  it('stretches the backoff so the delays before the last delivery add up to the window', () => {
    const delays = [1, 2, 3, 4, 5].map((d) => waitDelayMs(def, d, 27_600));
    expect(delays).toEqual([100, 500, 3_000, 12_000, 12_000]);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(27_600);
  });
});
