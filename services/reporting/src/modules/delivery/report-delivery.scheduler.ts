import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { ReportingConfig } from '../../config/reporting.config.js';
import { ReportDeliveryService } from './report-delivery.service.js';

/** Checks the delivery schedule every REPORTING_DELIVERY_TICK_MS; the database decides which replica runs it. */
@Injectable()
export class ReportDeliveryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly delivery: ReportDeliveryService,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.REPORTING_DELIVERY_TICK_MS <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.delivery
        .runIfDue()
        .catch((error: Error) => this.logger.warn({ err: error.message }, 'report delivery schedule check failed'))
        .finally(() => (this.running = undefined));
    }, this.config.REPORTING_DELIVERY_TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
