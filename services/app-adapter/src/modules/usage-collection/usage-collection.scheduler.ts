import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';
import { UsageCollectionService } from './usage-collection.service.js';

/** Collects license usage of the served application types every CAA_USAGE_COLLECTION_INTERVAL_MS (0 = off). */
@Injectable()
export class UsageCollectionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly collection: UsageCollectionService,
    @Inject(SERVICE_CONFIG) private readonly config: AppAdapterConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.CAA_USAGE_COLLECTION_INTERVAL_MS;
    if (interval <= 0) return;
    this.timer = setInterval(() => {
      for (const type of this.config.CAA_APP_TYPES) {
        this.collection.collect(type).catch((e: Error) => this.logger.error({ err: e.message, applicationType: type }, 'scheduled license usage collection failed'));
      }
    }, interval);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
