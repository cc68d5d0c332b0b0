import { Inject, Injectable } from '@nestjs/common';
import { context as otelContext, type Context } from '@opentelemetry/api';
import { DataSource, type EntityManager } from 'typeorm';
import {
  clearPasswordRefusal,
  customersNeededBy,
  eventsAwaitingCustomer,
  isEligibleForSmartLicensing,
  ProvisioningEvents,
  RegistrationEvents,
  type ClusterDeleted,
  type ClusterProvisioning,
  type CustomerDeleted,
  type CustomerProvisioning,
  type Envelope,
} from '#libs/contracts';
import { claimInboxBatch, inRounds, enqueueEvents, outboxItem, PermanentMessageError, traceContextRecord, WaitingMessageError, type CausationContext, type OutboxItem } from '#libs/messaging';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { RegistrationConfig } from '../../config/registration.config.js';
import { PlmAssignmentService } from '../license-managers/plm-assignment.service.js';
import { AutoRegistrationService } from '../auto-registration/auto-registration.service.js';
import { InventoryBatchRepository, type StoredCluster, type Timed } from './inventory-batch.repository.js';

type Kind = 'customer-upsert' | 'customer-delete' | 'cluster-upsert' | 'cluster-delete';

const KIND_OF: Record<string, Kind> = {
  [ProvisioningEvents.customerCreated.type]: 'customer-upsert',
  [ProvisioningEvents.customerUpdated.type]: 'customer-upsert',
  [ProvisioningEvents.customerDeleted.type]: 'customer-delete',
  [ProvisioningEvents.clusterCreated.type]: 'cluster-upsert',
  [ProvisioningEvents.clusterUpdated.type]: 'cluster-upsert',
  [ProvisioningEvents.clusterDeleted.type]: 'cluster-delete',
};


const clusterEvent = (c: Pick<StoredCluster, 'id' | 'customerId' | 'name' | 'type' | 'version' | 'licensing' | 'nodes'>) => ({
  id: c.id,
  customerId: c.customerId,
  name: c.name,
  type: c.type,
  version: c.version,
  eligible: isEligibleForSmartLicensing(c.type, c.version, c.licensing),
  publisher: c.nodes.find((n) => n.publisher)?.hostname ?? null,
  nodeCount: c.nodes.length,
});

/** What of a cluster decides whether it can be registered: a change of it retries a failed auto-registration. */
const registrationFacts = (c: Pick<StoredCluster, 'customerId' | 'type' | 'version' | 'licensing' | 'nodes' | 'hasAdminCredentials' | 'hasPlatformCredentials' | 'proxy' | 'credentialsFingerprint'>) =>
  JSON.stringify([c.customerId, c.type, c.version, c.licensing, c.nodes.map((n) => [n.hostname, n.address, n.port ?? null, n.publisher]), c.hasAdminCredentials, c.hasPlatformCredentials, c.proxy ?? null, c.credentialsFingerprint]);

/**
 * Applies provisioning events to the customer and cluster inventory, a batch per transaction: the inbox is claimed
 * for every event in one statement, then events are applied kind by kind in set-based statements, in rounds so that
 * events about the same entity keep their stream order. Each change applies only when it is newer than what is
 * stored (revision, else occurredAt), so duplicates and out-of-order deliveries change nothing. A new cluster, a
 * cluster whose registration facts changed (version, nodes and addresses, credentials, proxy) and the clusters of a
 * new customer or of one whose proxy changed are handed to auto-registration in the same transaction.
 */
@Injectable()
export class InventoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inventory: InventoryBatchRepository,
    private readonly autoRegistration: AutoRegistrationService,
    private readonly plm: PlmAssignmentService,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<RegistrationConfig, 'PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS' | 'PROVISIONING_CUSTOMER_WAIT'>,
  ) {}

  /** One event (the fallback that isolates a failing message of a batch). */
  apply(event: Envelope, consumer: string): Promise<void> {
    return this.applyBatch([event], consumer);
  }

  /**
   * `wait` leaves an event of the batch for later (the customer-exists rule): without it (one event), the event's
   * WaitingMessageError is thrown and the consumer redelivers it.
   */
  async applyBatch(
    events: Envelope[],
    consumer: string,
    traceOf: (i: number) => Context | undefined = () => undefined,
    wait: (i: number, error: WaitingMessageError) => void = (_i, error) => {
      throw error;
    },
  ): Promise<void> {
    // Refused as app-adapter refuses it (same setting), so the two services never disagree about a cluster; a batch
    // fails whole and the server isolates the culprit through apply().
    if (this.config.PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS) {
      for (const e of events) {
        const kind = KIND_OF[e.type];
        const refusal = kind === 'cluster-upsert' || kind === 'customer-upsert' ? clearPasswordRefusal(e.data as ClusterProvisioning) : null;
        if (refusal) throw new PermanentMessageError(refusal);
      }
    }
    await this.dataSource.transaction(async (m) => {
      // The customer-exists rule, before the inbox claim: a waiting event is neither applied nor marked as seen.
      const awaiting = eventsAwaitingCustomer(events, await this.inventory.liveCustomers(m, customersNeededBy(events)));
      for (const [i, reason] of awaiting) wait(i, new WaitingMessageError(reason, this.config.PROVISIONING_CUSTOMER_WAIT));
      const ready = events.map((e, i) => ({ e, trace: traceOf(i) })).filter((_, i) => !awaiting.has(i));
      const claimed = await claimInboxBatch(m, consumer, ready.map(({ e }) => e.id));
      const fresh = ready.filter(({ e }) => claimed.has(e.id));
      // Round r holds the r-th event of each entity: within a round every entity appears once.
      const rounds = inRounds(fresh, (item) => {
        const kind = KIND_OF[item.e.type];
        return kind ? `${kind.startsWith('customer') ? 'customer' : 'cluster'}:${(item.e.data as { id: string }).id}` : undefined;
      });
      const enrolClusters = new Set<string>();
      const enrolCustomers = new Set<string>();
      const removed = { clusters: new Set<string>(), customers: new Set<string>() };
      const items: OutboxItem[] = [];
      for (const round of rounds) await this.applyRound(m, round, items, enrolClusters, enrolCustomers, removed);
      await enqueueEvents(m, items);
      // Removed clusters and customers licensed through PLM leave it (guide: a PLM knows only live clusters).
      await this.plm.provisioningRemoved(m, [...removed.clusters], [...removed.customers], fresh[0]?.e.correlationId ?? '');
      const correlationId = fresh[0]?.e.correlationId ?? '';
      // Each auto-registration job joins the trace of the provisioning event about its cluster (or its customer).
      const traces = new Map<string, Context>();
      for (const { e, trace: t } of fresh) if (t) traces.set(`${KIND_OF[e.type]?.startsWith('customer') ? 'customer' : 'cluster'}:${(e.data as { id: string }).id}`, t);
      const traceFor = (c: { id: string; customerId: string }) => {
        const ctx = traces.get(`cluster:${c.id}`) ?? traces.get(`customer:${c.customerId}`);
        return ctx ? traceContextRecord(ctx) : undefined;
      };
      const run = () => this.autoRegistration.enrolProvisioned(m, [...enrolClusters], [...enrolCustomers], correlationId, traceFor);
      const trace = fresh[0]?.trace;
      if (enrolClusters.size || enrolCustomers.size) await (trace ? otelContext.with(trace, run) : run());
    });
  }

  private async applyRound(
    m: EntityManager,
    round: { e: Envelope }[],
    items: OutboxItem[],
    enrolClusters: Set<string>,
    enrolCustomers: Set<string>,
    removed: { clusters: Set<string>; customers: Set<string> },
  ): Promise<void> {
    const of = <T>(kind: Kind) => round.filter(({ e }) => KIND_OF[e.type] === kind).map(({ e }) => e as Envelope<T>);
    const cause = (e: Envelope): CausationContext => ({ correlationId: e.correlationId, causationId: e.id });
    const timed = <T>(e: Envelope<T>): Timed<T> => ({ data: e.data, occurredAt: e.occurredAt });

    const customerUpserts = of<CustomerProvisioning>('customer-upsert');
    if (customerUpserts.length) {
      const prior = await this.inventory.customers(m, customerUpserts.map((e) => e.data.id));
      const fingerprints = await Promise.all(customerUpserts.map((e) => (e.data.proxy ? this.inventory.fingerprint(m, [e.data.id, e.data.proxy]) : null)));
      const changed = await this.inventory.upsertCustomers(m, customerUpserts.map(timed), fingerprints);
      customerUpserts.forEach((e, i) => {
        if (!changed.has(e.data.id)) return;
        items.push(outboxItem(RegistrationEvents.customerUpserted, { id: e.data.id, name: e.data.name }, cause(e)));
        const before = prior.get(e.data.id);
        if (!before || before.deletedAt || before.proxyFingerprint !== fingerprints[i]) enrolCustomers.add(e.data.id);
      });
    }

    const customerDeletes = of<CustomerDeleted>('customer-delete');
    if (customerDeletes.length) {
      const prior = await this.inventory.customers(m, customerDeletes.map((e) => e.data.id));
      const changed = await this.inventory.deleteCustomers(m, customerDeletes.map(timed));
      for (const e of customerDeletes) {
        if (!changed.has(e.data.id)) continue;
        removed.customers.add(e.data.id);
        items.push(outboxItem(RegistrationEvents.customerRemoved, { id: e.data.id, name: prior.get(e.data.id)?.name ?? '' }, cause(e)));
      }
    }

    const clusterUpserts = of<ClusterProvisioning>('cluster-upsert');
    if (clusterUpserts.length) {
      const prior = await this.inventory.clusters(m, clusterUpserts.map((e) => e.data.id));
      const fingerprints = await Promise.all(clusterUpserts.map((e) => this.inventory.fingerprint(m, [e.data.id, e.data.credentials, e.data.proxy?.password ?? null])));
      const changed = await this.inventory.upsertClusters(m, clusterUpserts.map(timed), fingerprints);
      clusterUpserts.forEach((e, i) => {
        const c = e.data;
        if (!changed.has(c.id)) return;
        const stored = {
          id: c.id,
          customerId: c.customerId,
          name: c.name,
          type: c.type,
          version: c.version,
          licensing: c.licensing,
          nodes: c.nodes.map((n) => ({ hostname: n.hostname, address: n.address, port: n.port ?? null, publisher: n.publisher })),
          hasAdminCredentials: Boolean(c.credentials.admin),
          hasPlatformCredentials: Boolean(c.credentials.platform),
          proxy: c.proxy ? { host: c.proxy.host, port: c.proxy.port, username: c.proxy.username ?? null, hasPassword: Boolean(c.proxy.password) } : null,
          credentialsFingerprint: fingerprints[i] ?? null,
        };
        items.push(outboxItem(RegistrationEvents.clusterUpserted, clusterEvent(stored), cause(e)));
        const before = prior.get(c.id);
        if (!before || before.deletedAt || registrationFacts(before) !== registrationFacts(stored)) enrolClusters.add(c.id);
      });
    }

    const clusterDeletes = of<ClusterDeleted>('cluster-delete');
    if (clusterDeletes.length) {
      const prior = await this.inventory.clusters(m, clusterDeletes.map((e) => e.data.id));
      const changed = await this.inventory.deleteClusters(m, clusterDeletes.map(timed));
      for (const e of clusterDeletes) {
        const before = prior.get(e.data.id);
        if (!changed.has(e.data.id) || !before) continue;
        enrolClusters.delete(e.data.id);
        removed.clusters.add(e.data.id);
        items.push(outboxItem(RegistrationEvents.clusterRemoved, clusterEvent(before), cause(e)));
      }
    }
  }
}
