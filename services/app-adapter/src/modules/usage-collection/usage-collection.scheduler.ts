import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ApplicationType } from '#libs/contracts';
import { PeriodicTask, PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';
import { UsageCollectionScheduleRepository } from './usage-collection-schedule.repository.js';
import { UsageCollectionService } from './usage-collection.service.js';

/** Longest wait between two looks at the schedule (another replica may have moved it). */
const MAX_WAIT_MS = 3_600_000;
/** After a failed look at the schedule (database unavailable), the next one. */
const RETRY_MS = 60_000;

/**
 * The scheduled license usage collection (HCM-F collects daily): every CAA_USAGE_COLLECTION_INTERVAL_MS, the first run
 * CAA_USAGE_COLLECTION_FIRST_RUN_DELAY_MS after start when one is due, so a fresh deployment's reports fill the same
 * day. The schedule lives in Postgres, one row per application type: whichever replica claims a due run collects. Each
 * look at it (a PeriodicTask run) answers the wait until the next due run.
 */
@Injectable()
export class UsageCollectionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private task: PeriodicTask | undefined;
  private started = false;

  constructor(
    private readonly collection: UsageCollectionService,
    private readonly schedule: UsageCollectionScheduleRepository,
    @Inject(SERVICE_CONFIG) private readonly config: AppAdapterConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.CAA_USAGE_COLLECTION_INTERVAL_MS <= 0) return;
    // everyMs is the wait after a failed look (database unavailable); a look that succeeds answers its own wait.
    this.task = new PeriodicTask({ name: 'license usage collection', everyMs: RETRY_MS, firstRunDelayMs: 0, run: () => this.look(), logger: this.logger });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }

  private get types(): readonly ApplicationType[] {
    return this.config.CAA_APP_TYPES;
  }

  /** One look at the schedule: starts it, or collects what is due; answers the wait until the next due run. */
  private async look(): Promise<number> {
    const interval = this.config.CAA_USAGE_COLLECTION_INTERVAL_MS;
    let next: Date | null;
    if (!this.started) {
      next = await this.schedule.start(this.types, interval, this.config.CAA_USAGE_COLLECTION_FIRST_RUN_DELAY_MS);
      this.started = true;
      this.logger.info({ applicationTypes: this.types, nextRunAt: next.toISOString(), intervalMs: interval }, 'license usage collection scheduled');
    } else {
      await Promise.all((await this.schedule.claimDue(this.types, interval)).map((type) => this.collect(type)));
      next = await this.schedule.nextRun(this.types);
    }
    return Math.min(Math.max(0, (next?.getTime() ?? Date.now() + RETRY_MS) - Date.now()), MAX_WAIT_MS);
  }

  private async collect(type: ApplicationType): Promise<void> {
    this.logger.info({ applicationType: type }, 'scheduled license usage collection started');
    try {
      await this.schedule.finished(await this.collection.collect(type));
    } catch (error) {
      this.logger.error({ err: (error as Error).message, applicationType: type }, 'scheduled license usage collection failed');
    }
  }
}
