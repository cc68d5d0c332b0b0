import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask, PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { RegistrationConfig } from '../../config/registration.config.js';
import { StatusRefreshRepository } from './status-refresh.repository.js';
import { StatusRefreshService } from './status-refresh.service.js';

/**
 * The scheduled status refresh: every REGISTRATION_STATUS_REFRESH_INTERVAL (plus up to ..._JITTER) the smart agent of
 * every cluster the Cluster Summary lists is read. Each replica checks every ..._TICK whether the run is due; the one
 * whose claim succeeds runs it and holds a lease, extended each tick, until its reads are done: runs never overlap,
 * and a replica that dies lets another take the next one when its lease expires.
 */
@Injectable()
export class StatusRefreshScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly owner = `registration-${randomUUID()}`;
  private task: PeriodicTask | undefined;

  constructor(
    private readonly schedule: StatusRefreshRepository,
    private readonly refresh: StatusRefreshService,
    @Inject(SERVICE_CONFIG) private readonly config: RegistrationConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.REGISTRATION_STATUS_REFRESH_INTERVAL <= 0) return;
    const tick = this.config.REGISTRATION_STATUS_REFRESH_TICK;
    this.task = new PeriodicTask({ name: 'scheduled status refresh', everyMs: tick, jitterMs: Math.round(tick / 4), run: async () => void (await this.runIfDue()), logger: this.logger });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }

  /** Runs the scheduled refresh when it is due and this replica claims it; true when it ran. */
  async runIfDue(): Promise<boolean> {
    const lease = 3 * this.config.REGISTRATION_STATUS_REFRESH_TICK;
    const jitter = Math.floor(Math.random() * (this.config.REGISTRATION_STATUS_REFRESH_JITTER + 1));
    if (!(await this.schedule.claimSchedule(this.owner, this.config.REGISTRATION_STATUS_REFRESH_INTERVAL, jitter, lease))) return false;
    const heartbeat = new PeriodicTask({
      name: 'status refresh lease',
      everyMs: this.config.REGISTRATION_STATUS_REFRESH_TICK,
      run: async () => void (await this.schedule.extendSchedule(this.owner, lease)),
      logger: this.logger,
    });
    try {
      const run = await this.refresh.refreshSelection({ eligible: true }, 'schedule');
      await this.refresh.whenSettled(run.id);
      this.logger.info({ refreshId: run.id, clusters: run.clusterIds.length }, 'scheduled status refresh done');
    } finally {
      await heartbeat.stop();
      await this.schedule.releaseSchedule(this.owner);
    }
    return true;
  }
}
