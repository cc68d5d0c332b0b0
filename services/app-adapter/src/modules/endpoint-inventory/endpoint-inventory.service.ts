import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { customersNeededBy, eventsAwaitingCustomer, ProvisioningEvents, type ClusterDeleted, type ClusterProvisioning, type Envelope } from '#libs/contracts';
import { claimInboxBatch, inRounds, WaitingMessageError } from '#libs/messaging';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';
import { CredentialVault } from './credential-vault.js';
import { CustomerRepository } from './customer.repository.js';
import { EndpointCache } from './endpoint.cache.js';
import { EndpointRepository, type SealedSecrets } from './endpoint.repository.js';
import { ProvisioningCredentials } from './provisioning-credentials.js';

/**
 * Keeps the application endpoints, their (encrypted) credentials and proxy from the cluster provisioning events.
 *
 * The customer-exists rule (libs/contracts provisioning.rules.ts) applies here as in registration, through the same
 * function and the same PROVISIONING_CUSTOMER_WAIT: a cluster.created/updated whose customer app-adapter does not know
 * (its customers come on their own consumer, which may lag this one) waits, redelivered over the window, and is
 * dead-lettered once when the window ends; so app-adapter never keeps an endpoint registration refused.
 */
@Injectable()
export class EndpointInventoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: EndpointRepository,
    private readonly customers: CustomerRepository,
    private readonly vault: CredentialVault,
    private readonly cache: EndpointCache,
    private readonly credentials: ProvisioningCredentials,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<AppAdapterConfig, 'PROVISIONING_CUSTOMER_WAIT'>,
  ) {}

  /** One event (the fallback that isolates a failing message of a batch): a waiting one throws its WaitingMessageError. */
  apply(event: Envelope<ClusterProvisioning | ClusterDeleted>, consumer: string): Promise<void> {
    return this.applyBatch([event], consumer);
  }

  /**
   * A batch of provisioning events in one transaction: the events waiting for their customer left out (`wait`), the
   * inbox claimed for the others in one statement, then in rounds (the r-th event of each cluster) so that events about
   * one cluster keep their order; upserts of a round in one statement.
   */
  async applyBatch(
    events: Envelope<ClusterProvisioning | ClusterDeleted>[],
    consumer: string,
    wait: (i: number, error: WaitingMessageError) => void = (_i, error) => {
      throw error;
    },
  ): Promise<void> {
    // Credentials opened before the transaction: one that cannot be opened fails the batch, and the server isolates it.
    const opened = new Map<string, ClusterProvisioning>();
    for (const e of events) if (e.type !== ProvisioningEvents.clusterDeleted.type) opened.set(e.id, await this.credentials.openCluster(e.data as ClusterProvisioning));
    const applied = await this.dataSource.transaction(async (m) => {
      // The customer-exists rule, before the inbox claim: a waiting event is neither applied nor marked as seen.
      const awaiting = eventsAwaitingCustomer(events, await this.customers.liveCustomers(m, customersNeededBy(events)));
      for (const [i, reason] of awaiting) wait(i, new WaitingMessageError(reason, this.config.PROVISIONING_CUSTOMER_WAIT));
      const ready = events.filter((_, i) => !awaiting.has(i));
      const claimed = await claimInboxBatch(m, consumer, ready.map((e) => e.id));
      const rounds = inRounds(ready, (e) => (claimed.has(e.id) ? e.data.id : undefined));
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
      return ready;
    });
    if (applied.length) this.cache.changed([...new Set(applied.map((e) => e.data.id))]);
  }

  private sealed(c: ClusterProvisioning): SealedSecrets {
    return {
      credentials: c.credentials.admin || c.credentials.platform || c.credentials.http ? this.vault.seal(c.id, c.credentials) : null,
      proxyPassword: c.proxy?.password ? this.vault.sealProxyPassword('endpoint', c.id, c.proxy.password) : null,
    };
  }
}
