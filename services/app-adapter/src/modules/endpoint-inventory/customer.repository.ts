import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CustomerProvisioning } from '#libs/contracts';
import { columnList, recordsetOf, selectAs, type OuterJoined } from '#libs/persistence';
import { Customer } from '../../database/customer.entity.js';
import { Endpoint } from '../../database/endpoint.entity.js';
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

const BATCH_FIELDS = ['customerId', 'proxy', 'proxyPasswordCiphertext', 'revision', 'sourceOccurredAt'] as const;

/** A customer as a provisioning batch writes it, in its JSON form: the revision a number, when it occurred ISO text. */
type CustomerBatchRow = Omit<Pick<Customer, (typeof BATCH_FIELDS)[number]>, 'revision' | 'sourceOccurredAt'> & { revision: number | null; sourceOccurredAt: string };

const BATCH_RECORDSET = recordsetOf(Customer, BATCH_FIELDS, 'r', { jsonNullAsNull: ['proxy'] });

/** A cluster's endpoint (`e`) with its customer's proxy (`c`, outer-joined), prefixed `customer`. */
type ProxiesRow = Pick<Endpoint, 'clusterId' | 'clusterType' | 'customerId' | 'proxy' | 'proxyPasswordCiphertext'> & {
  customerProxy: OuterJoined<Customer>['proxy'];
  customerProxyPasswordCiphertext: OuterJoined<Customer>['proxyPasswordCiphertext'];
};

/** The customers of the provisioning contract, for their proxy (the only customer fact app-adapter needs). */
@Injectable()
export class CustomerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Customers at once (at most one event per customer), newer events only: one statement for a provisioning batch. */
  async upsertMany(m: EntityManager, items: { customer: CustomerProvisioning; proxyPasswordCiphertext: string | null; occurredAt: string }[]): Promise<void> {
    if (!items.length) return;
    const rows = items.map((i): CustomerBatchRow => ({
      customerId: i.customer.id,
      proxy: i.customer.proxy ? proxyColumn(i.customer.proxy) : null,
      proxyPasswordCiphertext: i.proxyPasswordCiphertext,
      revision: i.customer.revision ?? null,
      sourceOccurredAt: i.occurredAt,
    }));
    await m.query(
      `INSERT INTO customer AS e (${columnList(Customer, BATCH_FIELDS)})
       SELECT ${BATCH_RECORDSET.select}
       FROM jsonb_to_recordset($1::jsonb) AS r(${BATCH_RECORDSET.definition})
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
    const rows: ProxiesRow[] =
      await this.dataSource.query(
        `SELECT ${selectAs(Endpoint, ['clusterId', 'clusterType', 'customerId', 'proxy', 'proxyPasswordCiphertext'], 'e')},
           c.proxy AS "customerProxy", c.proxy_password_ciphertext AS "customerProxyPasswordCiphertext"
         FROM endpoint e LEFT JOIN customer c ON c.customer_id = e.customer_id AND c.deleted_at IS NULL
         WHERE e.cluster_id = $1 AND e.deleted_at IS NULL`,
        [clusterId],
      );
    const r = rows[0];
    if (!r) return undefined;
    return {
      clusterId: r.clusterId,
      clusterType: r.clusterType,
      customerId: r.customerId,
      cluster: stored(r.proxy, r.proxyPasswordCiphertext),
      customer: stored(r.customerProxy, r.customerProxyPasswordCiphertext),
    };
  }
}
