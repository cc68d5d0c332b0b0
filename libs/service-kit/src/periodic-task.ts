import type { Logger } from 'pino';
import { recordScheduledRun } from '#libs/observability';

export interface PeriodicTaskOptions {
  /** Names the task in logs and in the `smartlic.scheduled_task.*` metrics (a fixed name: it is a label). */
  name: string;
  everyMs: number;
  /** Up to this much random delay is added to each wait, so replicas started together drift apart. */
  jitterMs?: number;
  /** Wait before the first run (plus jitter); `everyMs` when absent. */
  firstRunDelayMs?: number;
  /** One run. A number it answers is the wait until the next run (a schedule kept elsewhere), instead of `everyMs`. */
  run: () => Promise<void | number>;
  logger: Logger;
  /** Source of the jitter (tests). */
  random?: () => number;
}

/**
 * smartlic's one scheduler: runs `run` every `everyMs` (plus jitter), one run at a time. Each wait starts when the
 * previous run ends, so runs never overlap however long one takes. A failed run is logged and the next one still
 * comes; every run is counted by outcome and timed (`smartlic.scheduled_task.runs`, `..._duration_seconds`). The
 * timers do not keep the process alive; `stop()` waits for the run in progress.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: PeriodicTaskOptions) {
    this.schedule(options.firstRunDelayMs ?? options.everyMs);
  }

  private schedule(waitMs: number): void {
    if (this.stopped) return;
    const jitter = Math.floor((this.options.random ?? Math.random)() * ((this.options.jitterMs ?? 0) + 1));
    this.timer = setTimeout(() => {
      this.current = this.runOnce().then((next) => {
        this.current = undefined;
        this.schedule(next ?? this.options.everyMs);
      });
    }, Math.max(0, waitMs) + jitter);
    this.timer.unref();
  }

  private async runOnce(): Promise<number | undefined> {
    const { name, logger } = this.options;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const next = await this.options.run();
      recordScheduledRun({ task: name, outcome: 'success', seconds: seconds() });
      return typeof next === 'number' ? next : undefined;
    } catch (error) {
      recordScheduledRun({ task: name, outcome: 'error', seconds: seconds() });
      logger.warn({ task: name, err: (error as Error).message }, 'periodic task failed');
      return undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }
}
