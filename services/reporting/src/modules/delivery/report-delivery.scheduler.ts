import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask, PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { ReportingConfig } from '../../config/reporting.config.js';
import { ReportDeliveryService } from './report-delivery.service.js';

/** Checks the delivery schedule every REPORTING_DELIVERY_TICK_MS; the database decides which replica runs it. */
@Injectable()
export class ReportDeliveryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private task: PeriodicTask | undefined;

  constructor(
    private readonly delivery: ReportDeliveryService,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const tick = this.config.REPORTING_DELIVERY_TICK_MS;
    if (tick <= 0) return;
    this.task = new PeriodicTask({ name: 'report delivery', everyMs: tick, jitterMs: Math.round(tick / 4), run: () => this.delivery.runIfDue(), logger: this.logger });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }
}
