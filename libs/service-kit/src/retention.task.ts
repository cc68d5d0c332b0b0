import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { pruneExpired, type RetentionRule } from '#libs/persistence';
import { PeriodicTask } from './periodic-task.js';

/**
 * Prunes the service's expired rows every `everyMs` (plus up to a quarter of it, so replicas drift apart): published
 * outbox rows, inbox records and the service's own rules (job history, audit log). Replicas may prune at the same time:
 * each batch deletes what it finds, and a row deleted twice is deleted once.
 */
export class RetentionTask {
  private readonly task: PeriodicTask;

  constructor(dataSource: DataSource, rules: readonly RetentionRule[], options: { everyMs: number; batchSize: number; logger: Logger }) {
    this.task = new PeriodicTask({
      name: 'retention',
      everyMs: options.everyMs,
      jitterMs: Math.round(options.everyMs / 4),
      logger: options.logger,
      run: async () => {
        const deleted = await pruneExpired(dataSource, rules, options.batchSize);
        if (Object.values(deleted).some((n) => n > 0)) options.logger.info({ deleted }, 'expired rows pruned');
      },
    });
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
