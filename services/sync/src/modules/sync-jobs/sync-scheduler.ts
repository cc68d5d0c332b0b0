import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { SyncConfig } from '../../config/sync.config.js';
import { SmartAccountRepository } from '../smart-accounts/smart-account.repository.js';
import { SyncJobService } from './sync-job.service.js';

/**
 * The periodic sync (HCM-F: every 24 hours): every SYNC_SCHEDULER_TICK, the accounts whose next sync is due are
 * claimed (SKIP LOCKED, so replicas share them) and a sync job starts for each.
 */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;

  constructor(
    private readonly accounts: SmartAccountRepository,
    private readonly jobs: SyncJobService,
    @Inject(SERVICE_CONFIG) private readonly config: SyncConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.ticking ??= this.tick().finally(() => (this.ticking = undefined));
    }, this.config.SYNC_SCHEDULER_TICK);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  async tick(): Promise<void> {
    try {
      for (const id of await this.accounts.claimDue(50)) await this.jobs.start(id, 'schedule');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'scheduled sync tick failed');
    }
  }
}
