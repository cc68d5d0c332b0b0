import type { Logger } from 'pino';

export interface PeriodicTaskOptions {
  /** Named in the log line of a failed run. */
  name: string;
  everyMs: number;
  /** Up to this much random delay is added to each wait, so replicas started together drift apart. */
  jitterMs?: number;
  run: () => Promise<void>;
  logger: Logger;
}

/**
 * Runs `run` every `everyMs` (plus jitter), one run at a time: each wait starts when the previous run ends, so runs
 * never overlap however long one takes. A failed run is logged and the next one still comes. The timers do not keep
 * the process alive; `stop()` waits for the run in progress.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: PeriodicTaskOptions) {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = this.options.everyMs + Math.floor(Math.random() * ((this.options.jitterMs ?? 0) + 1));
    this.timer = setTimeout(() => {
      this.current = this.options
        .run()
        .catch((error: Error) => this.options.logger.warn({ task: this.options.name, err: error.message }, 'periodic task failed'))
        .finally(() => {
          this.current = undefined;
          this.schedule();
        });
    }, delay);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }
}
