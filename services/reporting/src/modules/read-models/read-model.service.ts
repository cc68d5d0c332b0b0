import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ClusterStatusChanged, Envelope, InventoryCluster, InventoryCustomer, Job, LicenseUsageReport } from '#libs/contracts';
import { claimInbox } from '#libs/messaging';
import { LicenseHistoryRepository } from '../license-history/license-history.repository.js';
import { ReadModelRepository } from './read-model.repository.js';
import type { LicenseSnapshotFact, SmartAccountFact, SubscriptionFact, VirtualAccountFact } from './sync-facts.js';

/** Applies each consumed event once (inbox) to the read models, in one transaction with its inbox record. */
@Injectable()
export class ReadModelService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readModels: ReadModelRepository,
    private readonly history: LicenseHistoryRepository,
  ) {}

  smartAccountUpserted(e: Envelope<SmartAccountFact>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.upsertSmartAccount(m, e.data, e.occurredAt));
  }

  smartAccountRemoved(e: Envelope<{ id: string }>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.removeSmartAccount(m, e.data.id));
  }

  virtualAccountUpserted(e: Envelope<VirtualAccountFact>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.upsertVirtualAccount(m, e.data, e.occurredAt));
  }

  virtualAccountRemoved(e: Envelope<{ smartAccountId: string; name: string }>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.removeVirtualAccount(m, e.data.smartAccountId, e.data.name));
  }

  subscriptionUpserted(e: Envelope<SubscriptionFact>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.upsertSubscription(m, e.data, e.occurredAt));
  }

  /** A subscription line gone from CSSM; the subscription's customer mapping stays (mappings survive every sync). */
  subscriptionRemoved(e: Envelope<{ subscriptionId: string; smartAccountId: string; virtualAccount: string; license: string }>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.removeSubscriptionLine(m, e.data, e.occurredAt));
  }

  /** The snapshot and its day in the License Dashboard's history, in one transaction. */
  licenseSnapshotUpdated(e: Envelope<LicenseSnapshotFact>, consumer: string) {
    return this.once(e, consumer, async (m) => {
      if (await this.readModels.replaceLicenseSnapshot(m, e.data, e.occurredAt)) await this.history.recordVirtualAccount(m, e.data, e.occurredAt);
    });
  }

  customerUpserted(e: Envelope<InventoryCustomer>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.upsertCustomer(m, e.data, e.occurredAt));
  }

  customerRemoved(e: Envelope<InventoryCustomer>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.removeCustomer(m, e.data.id, e.occurredAt));
  }

  clusterUpserted(e: Envelope<InventoryCluster>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.upsertCluster(m, e.data, e.occurredAt));
  }

  clusterRemoved(e: Envelope<InventoryCluster>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.removeCluster(m, e.data.id, e.occurredAt));
  }

  clusterStatusChanged(e: Envelope<ClusterStatusChanged>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.applyClusterStatus(m, e.data, e.occurredAt));
  }

  /** The usage and its customer's day in the License Dashboard's history, in one transaction. */
  licenseUsageReported(e: Envelope<LicenseUsageReport>, consumer: string) {
    return this.once(e, consumer, async (m) => {
      if (await this.readModels.replaceLicenseUsage(m, e.data)) await this.history.recordCustomerOfCluster(m, e.data.clusterId, e.data.collectedAt);
    });
  }

  jobUpdated(e: Envelope<Job>, consumer: string) {
    return this.once(e, consumer, (m) => this.readModels.upsertJob(m, e.data, e.occurredAt));
  }

  private async once(e: Envelope, consumer: string, apply: (m: EntityManager) => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, consumer, e.id))) return;
      await apply(m);
    });
  }
}
