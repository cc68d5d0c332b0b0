import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CustomerProvisioning } from '#libs/contracts';
import { NEWER, proxyColumn, type ProxyColumn } from './endpoint.repository.js';

/** A provisioned proxy as stored: in clear where it is and its user, the password sealed. */
export interface StoredProxy extends ProxyColumn {
  passwordCiphertext: string | null;
}

/** The proxies a cluster's transport may name: its own, and its customer's. */
export interface ClusterProxies {
  clusterId: string;
  clusterType: string;
  customerId: string;
  cluster: StoredProxy | null;
  customer: StoredProxy | null;
}

const stored = (proxy: ProxyColumn | null, passwordCiphertext: string | null): StoredProxy | null => (proxy ? { ...proxy, passwordCiphertext } : null);

/** The customers of the provisioning contract, for their proxy (the only customer fact app-adapter needs). */
@Injectable()
export class CustomerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Customers at once (at most one event per customer), newer events only: one statement for a provisioning batch. */
  async upsertMany(m: EntityManager, items: { customer: CustomerProvisioning; proxyPasswordCiphertext: string | null; occurredAt: string }[]): Promise<void> {
    if (!items.length) return;
    const rows = items.map((i) => ({
      customer_id: i.customer.id,
      proxy: i.customer.proxy ? proxyColumn(i.customer.proxy) : null,
      proxy_password_ciphertext: i.proxyPasswordCiphertext,
      revision: i.customer.revision ?? null,
      source_occurred_at: i.occurredAt,
    }));
    await m.query(
      `INSERT INTO customer AS e (customer_id, proxy, proxy_password_ciphertext, revision, source_occurred_at)
       SELECT r.customer_id, CASE WHEN jsonb_typeof(r.proxy) = 'null' THEN NULL ELSE r.proxy END, r.proxy_password_ciphertext, r.revision, r.source_occurred_at
       FROM jsonb_to_recordset($1::jsonb) AS r(customer_id text, proxy jsonb, proxy_password_ciphertext text, revision bigint, source_occurred_at timestamptz)
       ON CONFLICT (customer_id) DO UPDATE SET proxy = excluded.proxy, proxy_password_ciphertext = excluded.proxy_password_ciphertext,
         revision = excluded.revision, source_occurred_at = excluded.source_occurred_at, deleted_at = NULL, updated_at = now()
       WHERE ${NEWER.replaceAll('$R', 'excluded.revision').replaceAll('$A', 'excluded.source_occurred_at')}`,
      [JSON.stringify(rows)],
    );
  }

  /** Which of these customers exist (provisioned, not deleted): the customer-exists rule of a cluster event. */
  async liveCustomers(m: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { customer_id: string }[] = await m.query('SELECT customer_id FROM customer WHERE customer_id = ANY($1::text[]) AND deleted_at IS NULL', [ids]);
    return new Set(rows.map((r) => r.customer_id));
  }

  /** A deleted customer keeps its row (a late, older update must not bring it back) without its proxy. */
  async markDeleted(m: EntityManager, customerId: string, revision: number | null, occurredAt: string): Promise<void> {
    await m.query(
      `INSERT INTO customer AS e (customer_id, revision, source_occurred_at, deleted_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (customer_id) DO UPDATE SET proxy = NULL, proxy_password_ciphertext = NULL, revision = excluded.revision,
         source_occurred_at = excluded.source_occurred_at, deleted_at = now(), updated_at = now()
       WHERE ${NEWER.replaceAll('$R', '$2').replaceAll('$A', '$3')}`,
      [customerId, revision, occurredAt],
    );
  }

  /** The cluster's own proxy and its customer's, read when a transport is set (one query, no cache: always current). */
  async proxiesOf(clusterId: string): Promise<ClusterProxies | undefined> {
    const rows: { cluster_id: string; cluster_type: string; customer_id: string; proxy: ProxyColumn | null; proxy_password_ciphertext: string | null; customer_proxy: ProxyColumn | null; customer_proxy_password_ciphertext: string | null }[] =
      await this.dataSource.query(
        `SELECT e.cluster_id, e.cluster_type, e.customer_id, e.proxy, e.proxy_password_ciphertext,
           c.proxy AS customer_proxy, c.proxy_password_ciphertext AS customer_proxy_password_ciphertext
         FROM endpoint e LEFT JOIN customer c ON c.customer_id = e.customer_id AND c.deleted_at IS NULL
         WHERE e.cluster_id = $1 AND e.deleted_at IS NULL`,
        [clusterId],
      );
    const r = rows[0];
    if (!r) return undefined;
    return {
      clusterId: r.cluster_id,
      clusterType: r.cluster_type,
      customerId: r.customer_id,
      cluster: stored(r.proxy, r.proxy_password_ciphertext),
      customer: stored(r.customer_proxy, r.customer_proxy_password_ciphertext),
    };
  }
}
