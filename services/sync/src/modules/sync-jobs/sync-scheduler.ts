import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask, PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { SyncConfig } from '../../config/sync.config.js';
import { SmartAccountRepository } from '../smart-accounts/smart-account.repository.js';
import { SyncJobService } from './sync-job.service.js';

/**
 * The periodic sync (HCM-F: every 24 hours): every SYNC_SCHEDULER_TICK (plus up to a quarter of it), the accounts
 * whose next sync is due are claimed (SKIP LOCKED, so replicas share them) and a sync job starts for each.
 */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private task: PeriodicTask | undefined;

  constructor(
    private readonly accounts: SmartAccountRepository,
    private readonly jobs: SyncJobService,
    @Inject(SERVICE_CONFIG) private readonly config: SyncConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const tick = this.config.SYNC_SCHEDULER_TICK;
    this.task = new PeriodicTask({ name: 'sync scheduler', everyMs: tick, jitterMs: Math.round(tick / 4), run: () => this.tick(), logger: this.logger });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }

  private async tick(): Promise<void> {
    for (const id of await this.accounts.claimDue(50)) await this.jobs.start(id, 'schedule');
  }
}
