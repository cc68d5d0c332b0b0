import { Injectable } from '@nestjs/common';
import { APPLICATION_TYPES, applicationTypeOf, CaaCommands, caaJmsTimeoutCode, catalogueEntry, RegistrationCommands, type ApplicationType, type LicenseUsageCollection } from '#libs/contracts';
import { CommandClient, NoRespondersError, RequestTimeoutError } from '#libs/messaging';
import type { CollectUsageBody } from './license-usage.dto.js';

/** One application type's part of an on-demand collection; `error` when its CAA service did not answer. */
export type TypeCollection = LicenseUsageCollection & { error?: { code: string; message: string; recommendedAction: string } };

export interface UsageCollectionOutcome {
  clusters: number;
  reported: number;
  failed: number;
  applicationTypes: TypeCollection[];
}

const unanswered = (type: ApplicationType): TypeCollection => {
  const { code, message, recommendedAction } = catalogueEntry(caaJmsTimeoutCode('license-usage', type));
  return { applicationType: type, clusters: 0, reported: 0, failed: 0, failures: [], error: { code, message, recommendedAction } };
};

/**
 * The daily license usage collection, run now by an operator: app-adapter reads the usage of the registered clusters
 * (or of one) and emits it for the reports. Every application type is asked at once; a type whose CAA service does not
 * answer is reported with the guide's code while the others are collected.
 */
@Injectable()
export class LicenseUsageService {
  constructor(private readonly commands: CommandClient) {}

  async collect(body: CollectUsageBody): Promise<UsageCollectionOutcome> {
    if (body.clusterId) {
      const cluster = await this.commands.request(RegistrationCommands.getCluster, { id: body.clusterId });
      return this.outcome([await this.commands.request(CaaCommands.collectUsage(applicationTypeOf(cluster.type)), { clusterId: cluster.id })]);
    }
    const perType = await Promise.all(
      APPLICATION_TYPES.map((type) =>
        this.commands.request(CaaCommands.collectUsage(type), {}).catch((error: unknown) => {
          if (error instanceof NoRespondersError || error instanceof RequestTimeoutError) return unanswered(type);
          throw error;
        }),
      ),
    );
    return this.outcome(perType);
  }

  private outcome(applicationTypes: TypeCollection[]): UsageCollectionOutcome {
    const sum = (key: 'clusters' | 'reported' | 'failed') => applicationTypes.reduce((n, t) => n + t[key], 0);
    return { clusters: sum('clusters'), reported: sum('reported'), failed: sum('failed'), applicationTypes };
  }
}
