import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppAdapterBroadcasts } from '#libs/contracts';
import type { NatsHandles } from '#libs/messaging';
import { NATS_HANDLES, PINO_LOGGER } from '#libs/service-kit';

/**
 * The replicas' notices of committed endpoint changes, over core NATS (AppAdapterBroadcasts.endpointsChanged): at most
 * once and never dead-lettered, which suits a cache whose TTL bounds what a lost notice leaves stale.
 */
@Injectable()
export class EndpointChangesPort {
  constructor(
    @Inject(NATS_HANDLES) private readonly handles: NatsHandles,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  /** Calls `onChanged` with the cluster ids of every notice, this replica's own included; answers the unsubscribe. */
  subscribe(onChanged: (clusterIds: string[]) => void): () => void {
    const subscription = this.handles.nc.subscribe(this.handles.subjects.qualify(AppAdapterBroadcasts.endpointsChanged), {
      callback: (err, msg) => {
        if (err) return this.logger.warn({ err: err.message }, 'endpoint cache notifications stopped; entries now expire by TTL only');
        try {
          const { clusterIds } = msg.json<{ clusterIds?: unknown }>();
          if (Array.isArray(clusterIds)) onChanged(clusterIds.filter((id): id is string => typeof id === 'string'));
        } catch {
          // Not ours to reject (core NATS, no dead-letter): the TTL still bounds what it should have dropped.
          this.logger.warn({ subject: msg.subject }, 'malformed endpoint cache notification ignored');
        }
      },
    });
    return () => subscription.unsubscribe();
  }

  publish(clusterIds: string[]): void {
    try {
      this.handles.nc.publish(this.handles.subjects.qualify(AppAdapterBroadcasts.endpointsChanged), JSON.stringify({ clusterIds }));
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not notify the other replicas of an endpoint change; their entries expire by TTL');
    }
  }
}
