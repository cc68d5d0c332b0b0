import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClusterStatusChanged, InventoryCluster, InventoryCustomer, Job, LicenseUsageReport } from '#libs/contracts';
import type { LicenseSnapshotFact, SmartAccountFact, SubscriptionFact, VirtualAccountFact } from './sync-facts.js';

const day = (value: string | null | undefined): string | null => (value ? value.slice(0, 10) : null);

/**
 * Writes of the read models. Every upsert carries the event's occurredAt and changes a row only when the event is
 * not older than what the row holds, so redelivered or reordered events never roll a row back.
 */
@Injectable()
export class ReadModelRepository {
  async upsertSmartAccount(m: EntityManager, a: SmartAccountFact, at: string): Promise<void> {
    await m.query(
      `INSERT INTO smart_account AS t (id, name, domain, type, local_account, ordered_virtual_account, operational_virtual_account, source_occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, domain = excluded.domain, type = excluded.type, local_account = excluded.local_account,
         ordered_virtual_account = excluded.ordered_virtual_account, operational_virtual_account = excluded.operational_virtual_account,
         source_occurred_at = excluded.source_occurred_at
       WHERE excluded.source_occurred_at >= t.source_occurred_at`,
      [a.id, a.name, a.domain, a.type, a.satellite?.localAccount ?? null, a.operationalLicenses?.opted === false ? null : (a.operationalLicenses?.orderedVirtualAccount ?? null), a.operationalLicenses?.operationalVirtualAccount ?? null, at],
    );
  }

  async removeSmartAccount(m: EntityManager, id: string): Promise<void> {
    await m.query('DELETE FROM smart_account WHERE id = $1', [id]);
    await m.query('DELETE FROM virtual_account WHERE smart_account_id = $1', [id]);
    await m.query('DELETE FROM va_license WHERE smart_account_id = $1', [id]);
    await m.query('DELETE FROM subscription_line WHERE smart_account_id = $1', [id]);
  }

  async upsertVirtualAccount(m: EntityManager, va: VirtualAccountFact, at: string): Promise<void> {
    await m.query(
      `INSERT INTO virtual_account AS t (smart_account_id, name, id, smart_account_name, smart_account_domain, smart_account_type, source_occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (smart_account_id, name) DO UPDATE SET id = excluded.id, smart_account_name = excluded.smart_account_name,
         smart_account_domain = excluded.smart_account_domain, smart_account_type = excluded.smart_account_type, source_occurred_at = excluded.source_occurred_at
       WHERE excluded.source_occurred_at >= t.source_occurred_at`,
      [va.smartAccountId, va.name, va.id ?? null, va.smartAccountName ?? null, va.smartAccountDomain ?? null, va.smartAccountType ?? null, at],
    );
  }

  async removeVirtualAccount(m: EntityManager, smartAccountId: string, name: string): Promise<void> {
    await m.query('DELETE FROM virtual_account WHERE smart_account_id = $1 AND name = $2', [smartAccountId, name]);
    await m.query('DELETE FROM va_license WHERE smart_account_id = $1 AND virtual_account = $2', [smartAccountId, name]);
  }

  /** Subscription lines come from sync; the customer mapping lives in its own table and is never touched here. */
  async upsertSubscription(m: EntityManager, s: SubscriptionFact, at: string): Promise<void> {
    await m.query(
      `INSERT INTO subscription_line AS t (subscription_id, smart_account_id, virtual_account, license, quantity, license_type, billing_type, start_date, end_date, status, source_occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (subscription_id, smart_account_id, virtual_account, license) DO UPDATE SET quantity = excluded.quantity, license_type = excluded.license_type,
         billing_type = excluded.billing_type, start_date = excluded.start_date, end_date = excluded.end_date, status = excluded.status,
         source_occurred_at = excluded.source_occurred_at
       WHERE excluded.source_occurred_at >= t.source_occurred_at`,
      [s.subscriptionId, s.smartAccountId, s.virtualAccount, s.license, s.quantity, s.licenseType.toUpperCase(), s.billingType ?? null, day(s.startDate), day(s.endDate), s.status ?? null, at],
    );
  }

  async removeSubscriptionLine(m: EntityManager, s: { subscriptionId: string; smartAccountId: string; virtualAccount: string; license: string }, at: string): Promise<void> {
    await m.query(
      'DELETE FROM subscription_line WHERE subscription_id = $1 AND smart_account_id = $2 AND virtual_account = $3 AND license = $4 AND source_occurred_at <= $5',
      [s.subscriptionId, s.smartAccountId, s.virtualAccount, s.license, at],
    );
  }

  /** A snapshot replaces the licenses of its virtual account; false when a newer snapshot is already applied. */
  async replaceLicenseSnapshot(m: EntityManager, s: LicenseSnapshotFact, at: string): Promise<boolean> {
    const newer: unknown[] = await m.query(
      'SELECT 1 FROM va_license WHERE smart_account_id = $1 AND virtual_account = $2 AND source_occurred_at > $3 LIMIT 1',
      [s.smartAccountId, s.virtualAccount, at],
    );
    if (newer.length) return false;
    await m.query('DELETE FROM va_license WHERE smart_account_id = $1 AND virtual_account = $2', [s.smartAccountId, s.virtualAccount]);
    if (!s.licenses.length) return true;
    await m.query(
      `INSERT INTO va_license (smart_account_id, virtual_account, license, quantity, in_use, available, status, details, source_occurred_at)
       SELECT $1, $2, u.license, u.quantity, u.in_use, u.available, u.status, u.details::jsonb, $3
       FROM unnest($4::text[], $5::int[], $6::int[], $7::int[], $8::text[], $9::text[]) AS u(license, quantity, in_use, available, status, details)
       ON CONFLICT DO NOTHING`,
      [
        s.smartAccountId, s.virtualAccount, at,
        s.licenses.map((l) => l.license), s.licenses.map((l) => l.quantity), s.licenses.map((l) => l.inUse), s.licenses.map((l) => l.available),
        s.licenses.map((l) => l.status), s.licenses.map((l) => JSON.stringify(l.licenseDetails ?? [])),
      ],
    );
    return true;
  }

  async upsertCustomer(m: EntityManager, c: InventoryCustomer, at: string): Promise<void> {
    await m.query(
      `INSERT INTO customer AS t (id, name, source_occurred_at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, source_occurred_at = excluded.source_occurred_at WHERE excluded.source_occurred_at >= t.source_occurred_at`,
      [c.id, c.name, at],
    );
  }

  async removeCustomer(m: EntityManager, id: string, at: string): Promise<void> {
    await m.query('DELETE FROM customer WHERE id = $1 AND source_occurred_at <= $2', [id, at]);
  }

  async upsertCluster(m: EntityManager, c: InventoryCluster, at: string): Promise<void> {
    await m.query(
      `INSERT INTO cluster AS t (id, customer_id, name, type, version, publisher, source_occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, name = excluded.name, type = excluded.type, version = excluded.version,
         publisher = excluded.publisher, source_occurred_at = excluded.source_occurred_at
       WHERE excluded.source_occurred_at >= t.source_occurred_at`,
      [c.id, c.customerId, c.name, c.type, c.version, c.publisher, at],
    );
  }

  async removeCluster(m: EntityManager, id: string, at: string): Promise<void> {
    await m.query('DELETE FROM cluster WHERE id = $1 AND source_occurred_at <= $2', [id, at]);
  }

  /** The assignment (smart account, virtual account) and Cluster Summary status of a cluster. */
  async applyClusterStatus(m: EntityManager, s: ClusterStatusChanged, at: string): Promise<void> {
    // The status may arrive before the inventory event: keep it on a placeholder row the upsert completes.
    await m.query(
      `INSERT INTO cluster AS t (id, customer_id, name, type, version, smart_account_id, virtual_account, status, source_occurred_at, status_occurred_at)
       VALUES ($1, $2, $1, $3, '', $4, $5, $6, '-infinity', $7)
       ON CONFLICT (id) DO UPDATE SET smart_account_id = excluded.smart_account_id, virtual_account = excluded.virtual_account,
         status = excluded.status, status_occurred_at = excluded.status_occurred_at
       WHERE t.status_occurred_at IS NULL OR excluded.status_occurred_at >= t.status_occurred_at`,
      [s.clusterId, s.customerId, s.type, s.smartAccountId, s.virtualAccount, s.status, s.changedAt ?? at],
    );
  }

  /**
   * A usage report replaces the cluster's usage: what the application reports now is what it consumes. False when a
   * later collection is already applied.
   */
  async replaceLicenseUsage(m: EntityManager, u: LicenseUsageReport): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO license_usage_report AS t (cluster_id, collected_at) VALUES ($1, $2)
       ON CONFLICT (cluster_id) DO UPDATE SET collected_at = excluded.collected_at WHERE excluded.collected_at >= t.collected_at RETURNING cluster_id`,
      [u.clusterId, u.collectedAt],
    );
    if (!rows.length) return false;
    await m.query('DELETE FROM license_usage WHERE cluster_id = $1', [u.clusterId]);
    const counts = new Map<string, number>();
    for (const line of u.usage) counts.set(line.license, (counts.get(line.license) ?? 0) + line.count);
    if (!counts.size) return true;
    await m.query(
      `INSERT INTO license_usage (cluster_id, license, count, application_type, license_mode, collected_at)
       SELECT $1, u.license, u.count, $2, $3, $4 FROM unnest($5::text[], $6::int[]) AS u(license, count)`,
      [u.clusterId, u.applicationType, u.licenseMode, u.collectedAt, [...counts.keys()], [...counts.values()]],
    );
    return true;
  }

  async upsertJob(m: EntityManager, job: Job, at: string): Promise<void> {
    await m.query(
      `INSERT INTO job AS t (id, service, job, status, entity_type, initiated_at, source_occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET service = excluded.service, job = excluded.job, status = excluded.status, entity_type = excluded.entity_type,
         initiated_at = excluded.initiated_at, source_occurred_at = excluded.source_occurred_at
       WHERE excluded.source_occurred_at >= t.source_occurred_at`,
      [job.id, job.service, JSON.stringify(job), job.status, job.entityType, job.initiatedAt, at],
    );
  }
}
