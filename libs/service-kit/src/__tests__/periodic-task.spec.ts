import pino from 'pino';
import { PeriodicTask } from '../periodic-task.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PeriodicTask: a scheduled run every interval, never two at once', () => {
  const logger = pino({ level: 'silent' });

  it('waits the interval from the end of a run, so a slow run is never overlapped', async () => {
    let running = 0;
    let overlapped = false;
    const starts: number[] = [];
    const sut = new PeriodicTask({
      name: 'slow',
      everyMs: 10,
      logger,
      run: async () => {
        starts.push(Date.now());
        overlapped ||= ++running > 1;
        await sleep(40);
        running--;
      },
    });
    await sleep(200);
    await sut.stop();
    expect(overlapped).toBe(false);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(48);
  });

  it('goes on after a failed run, and stop() waits for the run in progress', async () => {
    let runs = 0;
    let finished = false;
    const sut = new PeriodicTask({
      name: 'failing',
      everyMs: 5,
      jitterMs: 5,
      logger,
      run: async () => {
        runs++;
        if (runs === 1) throw new Error('first run fails');
        await sleep(30);
        finished = true;
      },
    });
    for (let waited = 0; runs < 2 && waited < 2_000; waited += 5) await sleep(5);
    expect(runs).toBe(2);
    await sut.stop();
    expect(finished).toBe(true);
    await sleep(40);
    expect(runs).toBe(2);
  });
});
