import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProvisioningEvents, type ClusterDeleted, type ClusterProvisioning, type Envelope } from '#libs/contracts';
import { claimInbox, claimInboxBatch, inRounds } from '#libs/messaging';
import { CredentialVault } from './credential-vault.js';
import { EndpointCache } from './endpoint.cache.js';
import { EndpointRepository, type SealedSecrets } from './endpoint.repository.js';
import { ProvisioningCredentials } from './provisioning-credentials.js';

/** Keeps the application endpoints, their (encrypted) credentials and proxy from the cluster provisioning events. */
@Injectable()
export class EndpointInventoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: EndpointRepository,
    private readonly vault: CredentialVault,
    private readonly cache: EndpointCache,
    private readonly credentials: ProvisioningCredentials,
  ) {}

  async apply(event: Envelope<ClusterProvisioning>, consumer: string): Promise<void> {
    const c = await this.credentials.openCluster(event.data);
    const sealed = this.sealed(c);
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, consumer, event.id))) return;
      await this.endpoints.upsert(m, c, sealed, event.occurredAt);
    });
    this.cache.changed([c.id]);
  }

  /**
   * A batch of provisioning events in one transaction: the inbox claimed in one statement, then in rounds (the r-th event
   * of each cluster) so that events about one cluster keep their order; upserts of a round in one statement.
   */
  async applyBatch(events: Envelope<ClusterProvisioning | ClusterDeleted>[], consumer: string): Promise<void> {
    // Credentials opened before the transaction: one that cannot be opened fails the batch, and the server isolates it.
    const opened = new Map<string, ClusterProvisioning>();
    for (const e of events) if (e.type !== ProvisioningEvents.clusterDeleted.type) opened.set(e.id, await this.credentials.openCluster(e.data as ClusterProvisioning));
    await this.dataSource.transaction(async (m) => {
      const claimed = await claimInboxBatch(m, consumer, events.map((e) => e.id));
      const rounds = inRounds(events, (e) => (claimed.has(e.id) ? e.data.id : undefined));
      for (const round of rounds) {
        const upserts = round.filter((e) => e.type !== ProvisioningEvents.clusterDeleted.type) as Envelope<ClusterProvisioning>[];
        await this.endpoints.upsertMany(
          m,
          upserts.map((e) => {
            const cluster = opened.get(e.id) as ClusterProvisioning;
            return { cluster, sealed: this.sealed(cluster), occurredAt: e.occurredAt };
          }),
        );
        for (const e of round) {
          if (e.type === ProvisioningEvents.clusterDeleted.type) await this.endpoints.markDeleted(m, e.data.id, e.data.revision ?? null, e.occurredAt);
        }
      }
    });
    this.cache.changed([...new Set(events.map((e) => e.data.id))]);
  }

  private sealed(c: ClusterProvisioning): SealedSecrets {
    return {
      credentials: c.credentials.admin || c.credentials.platform || c.credentials.http ? this.vault.seal(c.id, c.credentials) : null,
      proxyPassword: c.proxy?.password ? this.vault.sealProxyPassword('endpoint', c.id, c.proxy.password) : null,
    };
  }

  async remove(event: Envelope<ClusterDeleted>, consumer: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, consumer, event.id))) return;
      await this.endpoints.markDeleted(m, event.data.id, event.data.revision ?? null, event.occurredAt);
    });
    this.cache.changed([event.data.id]);
  }
}
