import type { Logger } from 'pino';
import type { ConsumerDefinition } from '#libs/contracts';
import type { NatsHandles } from '#libs/messaging';
import { recordConsumerLag } from '#libs/observability';
import { PeriodicTask } from './periodic-task.js';

/**
 * Polls JetStream for the figures of each durable consumer of the service (num_pending, num_ack_pending,
 * num_redelivered) and feeds the `smartlic.consumer.*` gauges. Polling, not a per-scrape call, so a scrape never
 * waits on NATS; needs `$JS.API.CONSUMER.INFO.<stream>.<durable>` (deploy/nats/nats.conf grants it).
 */
export class ConsumerLagMonitor {
  private task: PeriodicTask | undefined;

  constructor(
    private readonly handles: NatsHandles,
    private readonly consumers: readonly ConsumerDefinition[],
    private readonly logger: Logger,
  ) {}

  /** One round: every consumer of the service; a failure of one is logged and the others still count. */
  async poll(): Promise<void> {
    for (const def of this.consumers) {
      const stream = this.handles.subjects.stream(def.stream);
      try {
        const info = await this.handles.jsm.consumers.info(stream, def.durable);
        recordConsumerLag({ stream, consumer: def.durable, pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered });
      } catch (error) {
        this.logger.debug({ err: (error as Error).message, stream, consumer: def.durable }, 'consumer info unavailable');
      }
    }
  }

  start(intervalMs: number): void {
    if (this.task || this.consumers.length === 0) return;
    this.task = new PeriodicTask({ name: 'consumer lag', everyMs: intervalMs, firstRunDelayMs: 0, run: () => this.poll(), logger: this.logger });
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = undefined;
  }
}
