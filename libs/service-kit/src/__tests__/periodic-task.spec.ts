import pino from 'pino';
import { initMetrics, renderPrometheusMetrics, shutdownMetrics } from '#libs/observability';
import { delay } from '#libs/resilience';
import { PeriodicTask } from '../periodic-task.js';

const until = async (condition: () => boolean, ms = 2_000) => {
  for (let waited = 0; !condition() && waited < ms; waited += 5) await delay(5);
};

describe('PeriodicTask: a scheduled run every interval, never two at once', () => {
  const logger = pino({ level: 'silent' });
  let sut: PeriodicTask | undefined;
  beforeEach(() => initMetrics({ serviceName: 'periodic-task-spec' }));
  afterEach(async () => {
    await sut?.stop();
    await shutdownMetrics();
  });

  it('waits the interval from the end of a run, so a slow run is never overlapped', async () => {
    let running = 0;
    let overlapped = false;
    const starts: number[] = [];
    sut = new PeriodicTask({
      name: 'slow',
      everyMs: 10,
      logger,
      run: async () => {
        starts.push(Date.now());
        overlapped ||= ++running > 1;
        await delay(40);
        running--;
      },
    });
    await delay(200);
    await sut.stop();
    expect(overlapped).toBe(false);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(48);
  });

  it('goes on after a failed run, counts runs by outcome, and stop() waits for the run in progress', async () => {
    let runs = 0;
    let finished = false;
    sut = new PeriodicTask({
      name: 'failing',
      everyMs: 5,
      jitterMs: 5,
      logger,
      run: async () => {
        runs++;
        if (runs === 1) throw new Error('first run fails');
        await delay(30);
        finished = true;
      },
    });
    await until(() => runs >= 2);
    expect(runs).toBe(2);
    await sut.stop();
    expect(finished).toBe(true);
    await delay(40);
    expect(runs).toBe(2);
    const text = await renderPrometheusMetrics();
    expect(text).toContain('smartlic_scheduled_task_runs_total{task="failing",outcome="error",service_name="periodic-task-spec"} 1');
    expect(text).toContain('smartlic_scheduled_task_runs_total{task="failing",outcome="success",service_name="periodic-task-spec"} 1');
    expect(text).toMatch(/smartlic_scheduled_task_duration_seconds_count\{task="failing",outcome="success",service_name="periodic-task-spec"\} 1/);
  });

  it('adds up to jitterMs to each wait', async () => {
    const gapsWith = async (random: number) => {
      const starts: number[] = [];
      const task = new PeriodicTask({ name: 'jittered', everyMs: 10, jitterMs: 80, firstRunDelayMs: 0, random: () => random, logger, run: async () => void starts.push(Date.now()) });
      await until(() => starts.length >= 3);
      await task.stop();
      return starts.slice(1).map((s, i) => s - starts[i]!);
    };
    for (const gap of await gapsWith(0)) expect(gap).toBeLessThan(60);
    for (const gap of await gapsWith(0.999)) expect(gap).toBeGreaterThanOrEqual(88);
  });

  it('runs first after firstRunDelayMs, and waits what a run answers when it keeps its own schedule', async () => {
    const created = Date.now();
    const starts: number[] = [];
    sut = new PeriodicTask({
      name: 'own-schedule',
      everyMs: 10_000,
      firstRunDelayMs: 30,
      logger,
      run: async () => {
        starts.push(Date.now());
        return 60;
      },
    });
    await until(() => starts.length >= 2);
    expect(starts[0]! - created).toBeGreaterThanOrEqual(28);
    expect(starts[0]! - created).toBeLessThan(1_000);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(58);
    expect(starts[1]! - starts[0]!).toBeLessThan(1_000);
  });
});
