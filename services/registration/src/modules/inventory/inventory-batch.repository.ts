import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isEligibleForSmartLicensing, type ClusterProvisioning, type CustomerProvisioning } from '#libs/contracts';
import { columnList, queryReturning, recordsetOf, selectAs } from '#libs/persistence';
import { Cluster } from '../../database/cluster.entity.js';
import { Customer } from '../../database/customer.entity.js';
import type { FingerprintKey } from '../../database/fingerprint-key.entity.js';

/** The bulk form of the inventory guard: a change older than what is stored is ignored (out-of-order delivery). */
const NEWER = (t: string) => `((${t}.revision IS NOT NULL AND excluded.revision IS NOT NULL AND excluded.revision > ${t}.revision)
  OR ((${t}.revision IS NULL OR excluded.revision IS NULL) AND excluded.source_occurred_at >= ${t}.source_occurred_at))`;
const NEWER_DELETE = (t: string) => `((${t}.revision IS NOT NULL AND u.revision IS NOT NULL AND u.revision > ${t}.revision)
  OR ((${t}.revision IS NULL OR u.revision IS NULL) AND u.at >= ${t}.source_occurred_at))`;

export interface Timed<T> {
  data: T;
  occurredAt: string;
}

const STORED_FIELDS = [
  'id', 'customerId', 'name', 'type', 'version', 'licensing', 'nodes', 'hasAdminCredentials', 'hasPlatformCredentials', 'proxy', 'credentialsFingerprint', 'deletedAt',
] as const;

/** A cluster as stored, what a provisioning change is compared with. */
export type StoredCluster = Pick<Cluster, (typeof STORED_FIELDS)[number]>;

/** A customer as stored, what a provisioning change is compared with. */
export type StoredCustomer = Pick<Customer, 'id' | 'name' | 'proxyFingerprint' | 'deletedAt'>;

const BATCH_FIELDS = [
  'id', 'customerId', 'name', 'type', 'version', 'licensing', 'eligible', 'nodes', 'hasAdminCredentials', 'hasPlatformCredentials', 'proxy', 'revision',
  'sourceOccurredAt', 'credentialsFingerprint',
] as const;

/** A cluster as a provisioning batch writes it, in its JSON form: the revision a number, when it occurred ISO text. */
type ClusterBatchRow = Omit<Pick<Cluster, (typeof BATCH_FIELDS)[number]>, 'revision' | 'sourceOccurredAt'> & { revision: number | null; sourceOccurredAt: string };

const BATCH_RECORDSET = recordsetOf(Cluster, BATCH_FIELDS, 'r', { jsonNullAsNull: ['proxy'] });

const proxyOf = (p: CustomerProvisioning['proxy']) => (p ? { host: p.host, port: p.port, username: p.username ?? null, hasPassword: Boolean(p.password ?? p.encryptedPassword) } : null);
const nodesOf = (c: ClusterProvisioning) => c.nodes.map((n) => ({ hostname: n.hostname, address: n.address, port: n.port ?? null, publisher: n.publisher }));

/**
 * Set-based inventory writes for a batch of provisioning events (one statement per kind instead of one per event).
 * Each call gets at most one event per entity; the caller keeps the order of events about the same entity.
 */
@Injectable()
export class InventoryBatchRepository {
  private key?: Promise<string>;

  /**
   * A keyed digest of secrets (credentials, proxy password) so an update can tell a changed password from an unchanged
   * one without storing it; the key is random per database.
   */
  async fingerprint(m: EntityManager, value: unknown): Promise<string> {
    this.key ??= m.query('SELECT key FROM fingerprint_key').then((rows: Pick<FingerprintKey, 'key'>[]) => rows[0].key);
    return createHmac('sha256', await this.key).update(JSON.stringify(value)).digest('base64url');
  }

  /** Which of these customers exist (provisioned, not deleted): the customer-exists rule. */
  async liveCustomers(m: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: Pick<Customer, 'id'>[] = await m.query('SELECT id FROM customer WHERE id = ANY($1::text[]) AND deleted_at IS NULL', [ids]);
    return new Set(rows.map((r) => r.id));
  }

  async customers(m: EntityManager, ids: string[]): Promise<Map<string, StoredCustomer>> {
    const rows: StoredCustomer[] = await m.query(
      `SELECT ${selectAs(Customer, ['id', 'name', 'proxyFingerprint', 'deletedAt'])} FROM customer WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  async upsertCustomers(m: EntityManager, items: Timed<CustomerProvisioning>[], proxyFingerprints: (string | null)[]): Promise<Set<string>> {
    if (!items.length) return new Set();
    const rows: Pick<Customer, 'id'>[] = await m.query(
      `INSERT INTO customer AS cu (id, name, proxy, revision, source_occurred_at, proxy_fingerprint)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::bigint[], $5::timestamptz[], $6::text[])
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, proxy = excluded.proxy, revision = excluded.revision,
         source_occurred_at = excluded.source_occurred_at, proxy_fingerprint = excluded.proxy_fingerprint, deleted_at = NULL, updated_at = now()
       WHERE ${NEWER('cu')}
       RETURNING id`,
      [
        items.map((i) => i.data.id),
        items.map((i) => i.data.name),
        items.map((i) => (i.data.proxy ? JSON.stringify(proxyOf(i.data.proxy)) : null)),
        items.map((i) => i.data.revision ?? null),
        items.map((i) => i.occurredAt),
        proxyFingerprints,
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  async deleteCustomers(m: EntityManager, items: Timed<{ id: string; revision?: number | undefined }>[]): Promise<Set<string>> {
    if (!items.length) return new Set();
    const ids = items.map((i) => i.data.id);
    const revisions = items.map((i) => i.data.revision ?? null);
    const at = items.map((i) => i.occurredAt);
    // Unknown customers are recorded as deleted so an older "created" arriving later stays deleted.
    await m.query(
      `INSERT INTO customer (id, name, revision, source_occurred_at, deleted_at)
       SELECT u.id, '', u.revision, u.at, now() FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS u(id, revision, at)
       ON CONFLICT (id) DO NOTHING`,
      [ids, revisions, at],
    );
    const rows = await queryReturning<Pick<Customer, 'id'>>(
      m,
      `UPDATE customer AS cu SET deleted_at = now(), revision = u.revision, source_occurred_at = u.at, updated_at = now()
       FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS u(id, revision, at)
       WHERE cu.id = u.id AND ${NEWER_DELETE('cu')}
       RETURNING cu.id`,
      [ids, revisions, at],
    );
    return new Set(rows.map((r) => r.id));
  }

  async clusters(m: EntityManager, ids: string[]): Promise<Map<string, StoredCluster>> {
    const rows: StoredCluster[] = await m.query(
      `SELECT ${selectAs(Cluster, STORED_FIELDS)}
       FROM cluster WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  async upsertClusters(m: EntityManager, items: Timed<ClusterProvisioning>[], credentialFingerprints: string[]): Promise<Set<string>> {
    if (!items.length) return new Set();
    // Credentials and proxy passwords stay with app-adapter; registration keeps only what its rules need. One JSON
    // document for the batch: cheaper to build than thirteen arrays serialised element by element.
    const rows = items.map(
      (i, n): ClusterBatchRow => ({
        id: i.data.id,
        customerId: i.data.customerId,
        name: i.data.name,
        type: i.data.type,
        version: i.data.version,
        licensing: i.data.licensing,
        // The Cluster Summary lists only these (guide: "View Cluster Summary"); stored so it filters before paging.
        eligible: isEligibleForSmartLicensing(i.data.type, i.data.version, i.data.licensing),
        nodes: nodesOf(i.data),
        hasAdminCredentials: Boolean(i.data.credentials.admin),
        hasPlatformCredentials: Boolean(i.data.credentials.platform),
        proxy: proxyOf(i.data.proxy),
        revision: i.data.revision ?? null,
        sourceOccurredAt: i.occurredAt,
        credentialsFingerprint: credentialFingerprints[n]!,
      }),
    );
    const changed: Pick<Cluster, 'id'>[] = await m.query(
      `INSERT INTO cluster AS cl (${columnList(Cluster, BATCH_FIELDS)})
       SELECT ${BATCH_RECORDSET.select}
       FROM jsonb_to_recordset($1::jsonb) AS r(${BATCH_RECORDSET.definition})
       ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, name = excluded.name, type = excluded.type,
         version = excluded.version, licensing = excluded.licensing, eligible = excluded.eligible, nodes = excluded.nodes,
         has_admin_credentials = excluded.has_admin_credentials, has_platform_credentials = excluded.has_platform_credentials,
         proxy = excluded.proxy, revision = excluded.revision, source_occurred_at = excluded.source_occurred_at,
         credentials_fingerprint = excluded.credentials_fingerprint, deleted_at = NULL, updated_at = now()
       WHERE ${NEWER('cl')}
       RETURNING id`,
      [JSON.stringify(rows)],
    );
    return new Set(changed.map((r) => r.id));
  }

  async deleteClusters(m: EntityManager, items: Timed<{ id: string; revision?: number | undefined }>[]): Promise<Set<string>> {
    if (!items.length) return new Set();
    const rows = await queryReturning<Pick<Cluster, 'id'>>(
      m,
      `UPDATE cluster AS cl SET deleted_at = now(), revision = u.revision, source_occurred_at = u.at, updated_at = now()
       FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS u(id, revision, at)
       WHERE cl.id = u.id AND ${NEWER_DELETE('cl')}
       RETURNING cl.id`,
      [items.map((i) => i.data.id), items.map((i) => i.data.revision ?? null), items.map((i) => i.occurredAt)],
    );
    return new Set(rows.map((r) => r.id));
  }
}
