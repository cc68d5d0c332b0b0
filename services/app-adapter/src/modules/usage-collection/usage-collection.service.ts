import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { MAX_COLLECTION_FAILURES_LISTED, SmartlicException, type ApplicationType, type LicenseUsageCollection } from '#libs/contracts';
import { PINO_LOGGER } from '#libs/service-kit';
import { SmartAgentService } from '../smart-agent/smart-agent.service.js';

/**
 * Reads the license usage of every registered cluster of a type (each read emits license-usage.reported for the
 * reports). Concurrency is bounded by the application type's call limit; a cluster that fails is logged and counted.
 */
@Injectable()
export class UsageCollectionService {
  private readonly running = new Map<ApplicationType, Promise<LicenseUsageCollection>>();

  constructor(
    private readonly smartAgent: SmartAgentService,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  /** One collection per type at a time: a request during a run joins it. */
  collect(type: ApplicationType): Promise<LicenseUsageCollection> {
    let run = this.running.get(type);
    if (!run) {
      run = this.run(type).finally(() => this.running.delete(type));
      this.running.set(type, run);
    }
    return run;
  }

  /** One cluster, registered or not (the operator asked for it): its failure is the caller's error. */
  async collectCluster(type: ApplicationType, clusterId: string): Promise<LicenseUsageCollection> {
    await this.smartAgent.licenseUsage(type, clusterId);
    return { applicationType: type, clusters: 1, reported: 1, failed: 0, failures: [] };
  }

  private async run(type: ApplicationType): Promise<LicenseUsageCollection> {
    const clusterIds = await this.smartAgent.registeredClusters(type);
    const outcomes = await Promise.allSettled(clusterIds.map((id) => this.smartAgent.licenseUsage(type, id)));
    const failures: LicenseUsageCollection['failures'] = [];
    outcomes.forEach((o, i) => {
      if (o.status === 'fulfilled') return;
      const e = o.reason as Error;
      const code = e instanceof SmartlicException ? e.code : null;
      this.logger.warn({ clusterId: clusterIds[i], applicationType: type, code, err: e.message }, 'license usage collection failed');
      failures.push({ clusterId: clusterIds[i]!, code, message: e.message });
    });
    const result = { applicationType: type, clusters: clusterIds.length, reported: clusterIds.length - failures.length, failed: failures.length };
    this.logger.info(result, 'license usage collected');
    return { ...result, failures: failures.slice(0, MAX_COLLECTION_FAILURES_LISTED) };
  }
}
