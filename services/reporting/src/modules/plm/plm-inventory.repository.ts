import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PlmInventoryReported } from '#libs/contracts';
import { PlmClusterLicense } from './plm-cluster-license.entity.js';
import { PlmCluster } from './plm-cluster.entity.js';
import { PlmCustomer } from './plm-customer.entity.js';
import { PlmLicense } from './plm-license.entity.js';

const CHILD_TABLES = ['plm_cluster_license', 'plm_cluster', 'plm_customer', 'plm_license'] as const;

/** Writes of the PLM read models: one License Manager's rows, replaced whole by each newer report. */
@Injectable()
export class PlmInventoryRepository {
  /**
   * Claims the License Manager for a report: true when the report is newer than what is held and newer than the
   * License Manager's removal (the report of a deleted PLM arriving late must not bring it back).
   */
  async claim(m: EntityManager, r: PlmInventoryReported): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO plm_license_manager AS t (id, hostname, version, license_mode, reported_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET hostname = excluded.hostname, version = excluded.version, license_mode = excluded.license_mode,
         reported_at = excluded.reported_at, removed_at = NULL
       WHERE excluded.reported_at > t.reported_at AND (t.removed_at IS NULL OR excluded.reported_at > t.removed_at)
       RETURNING id`,
      [r.licenseManagerId, r.hostname, r.version, r.licenseMode, r.reportedAt],
    );
    return rows.length === 1;
  }

  /** Absolute replace: what the License Manager reports now is all it holds. */
  async replace(m: EntityManager, r: PlmInventoryReported): Promise<void> {
    await this.clear(m, r.licenseManagerId);
    const lm = r.licenseManagerId;
    const licenses = new Map(r.licenses.map((l) => [l.licenseType, l]));
    if (licenses.size) {
      await m.getRepository(PlmLicense).insert([...licenses.values()].map((l) => ({ licenseManagerId: lm, licenseType: l.licenseType, installed: l.installed, required: l.required, available: l.available })));
    }
    const customers = new Set([...r.customerIds, ...r.clusters.map((c) => c.customerId)]);
    if (customers.size) await m.getRepository(PlmCustomer).insert([...customers].map((customerId) => ({ licenseManagerId: lm, customerId })));
    const clusters = new Map(r.clusters.map((c) => [c.clusterId, c]));
    if (!clusters.size) return;
    await m.getRepository(PlmCluster).insert([...clusters.values()].map((c) => ({ licenseManagerId: lm, clusterId: c.clusterId, customerId: c.customerId, type: c.type, version: c.version })));
    const usage = new Map<string, PlmClusterLicense>();
    for (const c of clusters.values()) {
      for (const l of c.licenses) {
        const key = `${c.clusterId}\u0000${l.licenseType}`;
        const held = usage.get(key);
        usage.set(key, { licenseManagerId: lm, clusterId: c.clusterId, licenseType: l.licenseType, count: (held?.count ?? 0) + l.count });
      }
    }
    // Chunks keep each statement's parameters well under Postgres' 65,535 (a PLM serves up to 1,000 clusters).
    const rows = [...usage.values()];
    for (let i = 0; i < rows.length; i += 5_000) await m.getRepository(PlmClusterLicense).insert(rows.slice(i, i + 5_000));
  }

  /** A deleted License Manager: its rows go, a tombstone stays. */
  async remove(m: EntityManager, licenseManagerId: string, at: string): Promise<void> {
    await m.query(
      `INSERT INTO plm_license_manager AS t (id, hostname, reported_at, removed_at) VALUES ($1, '', '-infinity', $2)
       ON CONFLICT (id) DO UPDATE SET removed_at = excluded.removed_at WHERE t.removed_at IS NULL OR t.removed_at < excluded.removed_at`,
      [licenseManagerId, at],
    );
    await this.clear(m, licenseManagerId);
  }

  private async clear(m: EntityManager, licenseManagerId: string): Promise<void> {
    for (const table of CHILD_TABLES) await m.query(`DELETE FROM ${table} WHERE license_manager_id = $1`, [licenseManagerId]);
  }
}
