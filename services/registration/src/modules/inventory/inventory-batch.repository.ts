import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isEligibleForSmartLicensing, type ClusterProvisioning, type CustomerProvisioning } from '#libs/contracts';
import { queryReturning } from '#libs/persistence';

/** The bulk form of the inventory guard: a change older than what is stored is ignored (out-of-order delivery). */
const NEWER = (t: string) => `((${t}.revision IS NOT NULL AND excluded.revision IS NOT NULL AND excluded.revision > ${t}.revision)
  OR ((${t}.revision IS NULL OR excluded.revision IS NULL) AND excluded.source_occurred_at >= ${t}.source_occurred_at))`;
const NEWER_DELETE = (t: string) => `((${t}.revision IS NOT NULL AND u.revision IS NOT NULL AND u.revision > ${t}.revision)
  OR ((${t}.revision IS NULL OR u.revision IS NULL) AND u.at >= ${t}.source_occurred_at))`;

export interface Timed<T> {
  data: T;
  occurredAt: string;
}

export interface StoredCluster {
  id: string;
  customer_id: string;
  name: string;
  type: ClusterProvisioning['type'];
  version: string;
  licensing: 'smart' | 'pak';
  nodes: { hostname: string; address: string; port: number | null; publisher: boolean }[];
  has_admin_credentials: boolean;
  has_platform_credentials: boolean;
  proxy: unknown;
  credentials_fingerprint: string | null;
  deleted_at: Date | null;
}

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
    this.key ??= m.query('SELECT key FROM fingerprint_key').then((rows: { key: string }[]) => rows[0].key);
    return createHmac('sha256', await this.key).update(JSON.stringify(value)).digest('base64url');
  }

  /** Which of these customers exist (provisioned, not deleted): the customer-exists rule. */
  async liveCustomers(m: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await m.query('SELECT id FROM customer WHERE id = ANY($1::text[]) AND deleted_at IS NULL', [ids]);
    return new Set(rows.map((r) => r.id));
  }

  async customers(m: EntityManager, ids: string[]): Promise<Map<string, { name: string; proxy_fingerprint: string | null; deleted_at: Date | null }>> {
    const rows: { id: string; name: string; proxy_fingerprint: string | null; deleted_at: Date | null }[] = await m.query(
      'SELECT id, name, proxy_fingerprint, deleted_at FROM customer WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  async upsertCustomers(m: EntityManager, items: Timed<CustomerProvisioning>[], proxyFingerprints: (string | null)[]): Promise<Set<string>> {
    if (!items.length) return new Set();
    const rows: { id: string }[] = await m.query(
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
    const rows = await queryReturning<{ id: string }>(
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
      `SELECT id, customer_id, name, type, version, licensing, nodes, has_admin_credentials, has_platform_credentials, proxy, credentials_fingerprint, deleted_at
       FROM cluster WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  async upsertClusters(m: EntityManager, items: Timed<ClusterProvisioning>[], credentialFingerprints: string[]): Promise<Set<string>> {
    if (!items.length) return new Set();
    // Credentials and proxy passwords stay with app-adapter; registration keeps only what its rules need. One JSON
    // document for the batch: cheaper to build than thirteen arrays serialised element by element.
    const rows = items.map((i, n) => ({
      id: i.data.id,
      customer_id: i.data.customerId,
      name: i.data.name,
      type: i.data.type,
      version: i.data.version,
      licensing: i.data.licensing,
      // The Cluster Summary lists only these (guide: "View Cluster Summary"); stored so it filters before paging.
      eligible: isEligibleForSmartLicensing(i.data.type, i.data.version, i.data.licensing),
      nodes: nodesOf(i.data),
      has_admin_credentials: Boolean(i.data.credentials.admin),
      has_platform_credentials: Boolean(i.data.credentials.platform),
      proxy: proxyOf(i.data.proxy),
      revision: i.data.revision ?? null,
      source_occurred_at: i.occurredAt,
      credentials_fingerprint: credentialFingerprints[n],
    }));
    const changed: { id: string }[] = await m.query(
      `INSERT INTO cluster AS cl (id, customer_id, name, type, version, licensing, eligible, nodes, has_admin_credentials, has_platform_credentials, proxy, revision, source_occurred_at, credentials_fingerprint)
       SELECT r.id, r.customer_id, r.name, r.type, r.version, r.licensing, r.eligible, r.nodes, r.has_admin_credentials, r.has_platform_credentials,
         CASE WHEN jsonb_typeof(r.proxy) = 'null' THEN NULL ELSE r.proxy END, r.revision, r.source_occurred_at, r.credentials_fingerprint
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, customer_id text, name text, type text, version text, licensing text, eligible boolean, nodes jsonb,
         has_admin_credentials boolean, has_platform_credentials boolean, proxy jsonb, revision bigint, source_occurred_at timestamptz, credentials_fingerprint text)
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
    const rows = await queryReturning<{ id: string }>(
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
