import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { SmartlicException, type ApplicationType } from '#libs/contracts';
import { PINO_LOGGER } from '#libs/service-kit';
import { SmartAgentService } from '../smart-agent/smart-agent.service.js';

export interface UsageCollection {
  applicationType: ApplicationType;
  clusters: number;
  reported: number;
  failed: number;
}

/**
 * Reads the license usage of every registered cluster of a type (each read emits license-usage.reported for the
 * reports). Concurrency is bounded by the application type's call limit; a cluster that fails is logged and counted.
 */
@Injectable()
export class UsageCollectionService {
  private readonly running = new Map<ApplicationType, Promise<UsageCollection>>();

  constructor(
    private readonly smartAgent: SmartAgentService,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  /** One collection per type at a time: a request during a run joins it. */
  collect(type: ApplicationType): Promise<UsageCollection> {
    let run = this.running.get(type);
    if (!run) {
      run = this.run(type).finally(() => this.running.delete(type));
      this.running.set(type, run);
    }
    return run;
  }

  private async run(type: ApplicationType): Promise<UsageCollection> {
    const clusterIds = await this.smartAgent.registeredClusters(type);
    const outcomes = await Promise.allSettled(clusterIds.map((id) => this.smartAgent.licenseUsage(type, id)));
    outcomes.forEach((o, i) => {
      if (o.status === 'rejected') {
        const e = o.reason as Error;
        this.logger.warn({ clusterId: clusterIds[i], applicationType: type, code: e instanceof SmartlicException ? e.code : undefined, err: e.message }, 'license usage collection failed');
      }
    });
    const failed = outcomes.filter((o) => o.status === 'rejected').length;
    const result = { applicationType: type, clusters: clusterIds.length, reported: clusterIds.length - failed, failed };
    this.logger.info(result, 'license usage collected');
    return result;
  }
}
