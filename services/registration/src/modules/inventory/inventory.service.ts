import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ClusterDeleted, ClusterProvisioning, CustomerDeleted, CustomerProvisioning, Envelope } from '#libs/contracts';
import { claimInbox } from '#libs/messaging';
import { InventoryRepository } from './inventory.repository.js';

/**
 * Applies provisioning events to the customer and cluster inventory. Each event is applied once (inbox) and
 * only when it is newer than what is stored (revision, else occurredAt), so duplicates and out-of-order
 * deliveries change nothing.
 */
@Injectable()
export class InventoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inventory: InventoryRepository,
  ) {}

  applyCustomer(event: Envelope<CustomerProvisioning>, consumer: string): Promise<void> {
    return this.once(event, consumer, (m) => this.inventory.upsertCustomer(m, event.data, event.occurredAt));
  }

  deleteCustomer(event: Envelope<CustomerDeleted>, consumer: string): Promise<void> {
    return this.once(event, consumer, (m) => this.inventory.deleteCustomer(m, event.data.id, event.data.revision ?? null, event.occurredAt));
  }

  applyCluster(event: Envelope<ClusterProvisioning>, consumer: string): Promise<void> {
    return this.once(event, consumer, (m) => this.inventory.upsertCluster(m, event.data, event.occurredAt));
  }

  deleteCluster(event: Envelope<ClusterDeleted>, consumer: string): Promise<void> {
    return this.once(event, consumer, (m) => this.inventory.deleteCluster(m, event.data.id, event.data.revision ?? null, event.occurredAt));
  }

  private async once(event: Envelope, consumer: string, apply: (m: import('typeorm').EntityManager) => Promise<boolean>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, consumer, event.id))) return;
      await apply(m);
    });
  }
}
