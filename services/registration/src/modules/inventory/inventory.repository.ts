import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClusterProvisioning, CustomerProvisioning } from '#libs/contracts';
import { returningRows } from '../../database/returning-rows.js';

/** Guard shared by upserts and deletions: a change older than what we hold is ignored (out-of-order delivery). */
const NEWER_THAN_STORED = (table: string) => `(
  (${table}.revision IS NOT NULL AND $REV::bigint IS NOT NULL AND $REV::bigint > ${table}.revision)
  OR ((${table}.revision IS NULL OR $REV::bigint IS NULL) AND $AT::timestamptz >= ${table}.source_occurred_at)
)`;

const guard = (table: string, revParam: number, atParam: number) =>
  NEWER_THAN_STORED(table).replaceAll('$REV', `$${revParam}`).replaceAll('$AT', `$${atParam}`);

@Injectable()
export class InventoryRepository {
  async upsertCustomer(m: EntityManager, c: CustomerProvisioning, occurredAt: string): Promise<boolean> {
    const proxy = c.proxy ? { host: c.proxy.host, port: c.proxy.port, username: c.proxy.username ?? null, hasPassword: Boolean(c.proxy.password) } : null;
    const rows: unknown[] = await m.query(
      `INSERT INTO customer AS cu (id, name, proxy, revision, source_occurred_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, proxy = excluded.proxy, revision = excluded.revision,
         source_occurred_at = excluded.source_occurred_at, deleted_at = NULL, updated_at = now()
       WHERE ${guard('cu', 4, 5)}
       RETURNING id`,
      [c.id, c.name, proxy ? JSON.stringify(proxy) : null, c.revision ?? null, occurredAt],
    );
    return rows.length === 1;
  }

  async deleteCustomer(m: EntityManager, id: string, revision: number | null, occurredAt: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO customer AS cu (id, name, revision, source_occurred_at, deleted_at) VALUES ($1, '', $2, $3, now())
       ON CONFLICT (id) DO UPDATE SET deleted_at = now(), revision = excluded.revision, source_occurred_at = excluded.source_occurred_at, updated_at = now()
       WHERE ${guard('cu', 2, 3)}
       RETURNING id`,
      [id, revision, occurredAt],
    );
    return rows.length === 1;
  }

  async upsertCluster(m: EntityManager, c: ClusterProvisioning, occurredAt: string): Promise<boolean> {
    // Credentials and proxy passwords stay with app-adapter; registration keeps only what its rules need.
    const proxy = c.proxy ? { host: c.proxy.host, port: c.proxy.port, username: c.proxy.username ?? null, hasPassword: Boolean(c.proxy.password) } : null;
    const rows: unknown[] = await m.query(
      `INSERT INTO cluster AS cl (id, customer_id, name, type, version, licensing, nodes, has_admin_credentials, has_platform_credentials, proxy, revision, source_occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, name = excluded.name, type = excluded.type,
         version = excluded.version, licensing = excluded.licensing, nodes = excluded.nodes,
         has_admin_credentials = excluded.has_admin_credentials, has_platform_credentials = excluded.has_platform_credentials,
         proxy = excluded.proxy, revision = excluded.revision, source_occurred_at = excluded.source_occurred_at,
         deleted_at = NULL, updated_at = now()
       WHERE ${guard('cl', 11, 12)}
       RETURNING id`,
      [
        c.id, c.customerId, c.name, c.type, c.version, c.licensing,
        JSON.stringify(c.nodes.map((n) => ({ hostname: n.hostname, address: n.address, port: n.port ?? null, publisher: n.publisher }))),
        Boolean(c.credentials.admin), Boolean(c.credentials.platform), proxy ? JSON.stringify(proxy) : null, c.revision ?? null, occurredAt,
      ],
    );
    return rows.length === 1;
  }

  async deleteCluster(m: EntityManager, id: string, revision: number | null, occurredAt: string): Promise<boolean> {
    const rows = returningRows(
      await m.query(
        `UPDATE cluster AS cl SET deleted_at = now(), revision = $2, source_occurred_at = $3, updated_at = now()
         WHERE cl.id = $1 AND ${guard('cl', 2, 3)} RETURNING id`,
        [id, revision, occurredAt],
      ),
    );
    return rows.length === 1;
  }
}
