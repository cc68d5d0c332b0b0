import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isEligibleForSmartLicensing, RegistrationEvents, type ClusterDeleted, type ClusterProvisioning, type CustomerDeleted, type CustomerProvisioning, type Envelope } from '#libs/contracts';
import { claimInbox, enqueueEvent } from '#libs/messaging';
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
    return this.once(event, consumer, async (m) => {
      const changed = await this.inventory.upsertCustomer(m, event.data, event.occurredAt);
      if (changed) await enqueueEvent(m, RegistrationEvents.customerUpserted, { id: event.data.id, name: event.data.name }, this.cause(event));
      return changed;
    });
  }

  deleteCustomer(event: Envelope<CustomerDeleted>, consumer: string): Promise<void> {
    return this.once(event, consumer, async (m) => {
      const rows: { name: string }[] = await m.query('SELECT name FROM customer WHERE id = $1', [event.data.id]);
      const changed = await this.inventory.deleteCustomer(m, event.data.id, event.data.revision ?? null, event.occurredAt);
      if (changed) await enqueueEvent(m, RegistrationEvents.customerRemoved, { id: event.data.id, name: rows[0]?.name ?? '' }, this.cause(event));
      return changed;
    });
  }

  applyCluster(event: Envelope<ClusterProvisioning>, consumer: string): Promise<void> {
    return this.once(event, consumer, async (m) => {
      const changed = await this.inventory.upsertCluster(m, event.data, event.occurredAt);
      const c = event.data;
      if (changed) {
        await enqueueEvent(
          m,
          RegistrationEvents.clusterUpserted,
          { id: c.id, customerId: c.customerId, name: c.name, type: c.type, version: c.version, eligible: isEligibleForSmartLicensing(c.type, c.version, c.licensing), publisher: c.nodes.find((n) => n.publisher)?.hostname ?? null, nodeCount: c.nodes.length },
          this.cause(event),
        );
      }
      return changed;
    });
  }

  deleteCluster(event: Envelope<ClusterDeleted>, consumer: string): Promise<void> {
    return this.once(event, consumer, async (m) => {
      const changed = await this.inventory.deleteCluster(m, event.data.id, event.data.revision ?? null, event.occurredAt);
      if (!changed) return false;
      const rows: { customer_id: string; name: string; type: ClusterProvisioning['type']; version: string; licensing: 'smart' | 'pak'; nodes: { hostname: string; publisher: boolean }[] }[] = await m.query(
        'SELECT customer_id, name, type, version, licensing, nodes FROM cluster WHERE id = $1',
        [event.data.id],
      );
      const c = rows[0];
      if (c) {
        await enqueueEvent(
          m,
          RegistrationEvents.clusterRemoved,
          { id: event.data.id, customerId: c.customer_id, name: c.name, type: c.type, version: c.version, eligible: isEligibleForSmartLicensing(c.type, c.version, c.licensing), publisher: c.nodes.find((n) => n.publisher)?.hostname ?? null, nodeCount: c.nodes.length },
          this.cause(event),
        );
      }
      return true;
    });
  }

  private cause(event: Envelope) {
    return { correlationId: event.correlationId, causationId: event.id };
  }

  private async once(event: Envelope, consumer: string, apply: (m: import('typeorm').EntityManager) => Promise<boolean>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, consumer, event.id))) return;
      await apply(m);
    });
  }
}
