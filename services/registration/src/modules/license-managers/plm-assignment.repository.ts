import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectAs } from '#libs/persistence';
import { Cluster } from '../../database/cluster.entity.js';
import type { LicenseManagerEntity } from './license-manager.entity.js';
import { PlmClusterAssignmentEntity, PlmCustomerAssignmentEntity } from './plm-assignment.entities.js';

export type PlmClusterStatus = 'Assigning' | 'Assigned' | 'Assignment Failed' | 'Unassigning' | 'Unassignment Failed';

export interface PlmClusterAssignment {
  clusterId: string;
  licenseManagerId: string;
  customerId: string;
  status: PlmClusterStatus;
  lastJobId: string | null;
}

/** Customers and clusters assigned to License Managers. */
@Injectable()
export class PlmAssignmentRepository {
  /** The customer's License Manager, its row locked for the caller's transaction. */
  async customerLicenseManager(m: EntityManager, customerId: string): Promise<string | null> {
    const rows: Pick<PlmCustomerAssignmentEntity, 'licenseManagerId'>[] = await m.query(
      `SELECT ${selectAs(PlmCustomerAssignmentEntity, ['licenseManagerId'])} FROM plm_customer_assignment WHERE customer_id = $1 FOR UPDATE`,
      [customerId],
    );
    return rows[0]?.licenseManagerId ?? null;
  }

  async customerLicenseManagers(m: EntityManager, customerIds: string[]): Promise<Map<string, string>> {
    const rows: Pick<PlmCustomerAssignmentEntity, 'customerId' | 'licenseManagerId'>[] = await m.query(
      `SELECT ${selectAs(PlmCustomerAssignmentEntity, ['customerId', 'licenseManagerId'])} FROM plm_customer_assignment WHERE customer_id = ANY($1::text[])`,
      [customerIds],
    );
    return new Map(rows.map((r) => [r.customerId, r.licenseManagerId]));
  }

  async customerExists(m: EntityManager, customerId: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM customer WHERE id = $1 AND deleted_at IS NULL', [customerId]);
    return rows.length > 0;
  }

  async assignCustomer(m: EntityManager, customerId: string, licenseManagerId: string): Promise<void> {
    await m.query('INSERT INTO plm_customer_assignment (customer_id, license_manager_id) VALUES ($1, $2) ON CONFLICT (customer_id) DO NOTHING', [customerId, licenseManagerId]);
  }

  async unassignCustomer(m: EntityManager, customerId: string): Promise<void> {
    await m.query('DELETE FROM plm_customer_assignment WHERE customer_id = $1', [customerId]);
  }

  async clustersOfCustomer(m: EntityManager, customerId: string): Promise<number> {
    const rows: { n: number }[] = await m.query('SELECT count(*)::int AS n FROM plm_cluster_assignment WHERE customer_id = $1', [customerId]);
    return rows[0]?.n ?? 0;
  }

  async clusters(m: EntityManager, clusterIds: string[]): Promise<Map<string, PlmClusterAssignment>> {
    const rows: Pick<PlmClusterAssignmentEntity, 'clusterId' | 'licenseManagerId' | 'customerId' | 'status' | 'lastJobId'>[] = await m.query(
      `SELECT ${selectAs(PlmClusterAssignmentEntity, ['clusterId', 'licenseManagerId', 'customerId', 'status', 'lastJobId'])} FROM plm_cluster_assignment WHERE cluster_id = ANY($1::text[]) FOR UPDATE`,
      [clusterIds],
    );
    return new Map(rows.map((r) => [r.clusterId, r]));
  }

  /** Clusters assigned to the License Manager, the License Manager's row locked so that two batches count one after the other. */
  async countForUpdate(m: EntityManager, licenseManagerId: string): Promise<number> {
    await m.query('SELECT id FROM license_manager WHERE id = $1 FOR UPDATE', [licenseManagerId]);
    const rows: { n: number }[] = await m.query('SELECT count(*)::int AS n FROM plm_cluster_assignment WHERE license_manager_id = $1', [licenseManagerId]);
    return rows[0]?.n ?? 0;
  }

  async upsertCluster(m: EntityManager, a: { clusterId: string; licenseManagerId: string; customerId: string; status: PlmClusterStatus; lastJobId: string }): Promise<void> {
    await m.query(
      `INSERT INTO plm_cluster_assignment (cluster_id, license_manager_id, customer_id, status, last_job_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (cluster_id) DO UPDATE SET license_manager_id = excluded.license_manager_id, customer_id = excluded.customer_id, status = excluded.status,
         last_job_id = excluded.last_job_id, updated_at = now()`,
      [a.clusterId, a.licenseManagerId, a.customerId, a.status, a.lastJobId],
    );
  }

  /** The status a finished job leaves, if that job is still the cluster's latest PLM job. */
  async setStatus(m: EntityManager, clusterId: string, jobId: string, status: PlmClusterStatus): Promise<void> {
    await m.query('UPDATE plm_cluster_assignment SET status = $3, updated_at = now() WHERE cluster_id = $1 AND last_job_id = $2', [clusterId, jobId, status]);
  }

  async removeCluster(m: EntityManager, clusterId: string, jobId: string): Promise<void> {
    await m.query('DELETE FROM plm_cluster_assignment WHERE cluster_id = $1 AND last_job_id = $2', [clusterId, jobId]);
  }

  /** Customers and clusters of each License Manager. */
  async counts(m: EntityManager, ids: string[]): Promise<Map<string, { customers: number; clusters: number }>> {
    // Counts per License Manager (no table holds them).
    const rows: (Pick<LicenseManagerEntity, 'id'> & { customers: number; clusters: number })[] = await m.query(
      `SELECT lm.id,
         (SELECT count(*)::int FROM plm_customer_assignment ca WHERE ca.license_manager_id = lm.id) AS customers,
         (SELECT count(*)::int FROM plm_cluster_assignment pa WHERE pa.license_manager_id = lm.id) AS clusters
       FROM license_manager lm WHERE lm.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { customers: r.customers, clusters: r.clusters }]));
  }

  /**
   * The PLM-assigned clusters among `clusterIds` or of `customerIds`, deleted ones included (provisioning removed them),
   * with what their unassign job needs; locked for the caller's transaction.
   */
  async assignedForRemoval(
    m: EntityManager,
    clusterIds: string[],
    customerIds: string[],
  ): Promise<(Pick<PlmClusterAssignmentEntity, 'clusterId' | 'licenseManagerId'> & { licenseManager: LicenseManagerEntity['hostname'] } & Pick<Cluster, 'customerId' | 'name' | 'type' | 'version' | 'nodes'>)[]> {
    return m.query(
      `SELECT ${selectAs(PlmClusterAssignmentEntity, ['clusterId'], 'pa')}, pa.license_manager_id::text AS "licenseManagerId", lm.hostname AS "licenseManager",
         ${selectAs(Cluster, ['customerId', 'name', 'type', 'version', 'nodes'], 'c')}
       FROM plm_cluster_assignment pa JOIN cluster c ON c.id = pa.cluster_id JOIN license_manager lm ON lm.id = pa.license_manager_id
       WHERE (pa.cluster_id = ANY($1::text[]) OR pa.customer_id = ANY($2::text[])) AND pa.status <> 'Unassigning'
       ORDER BY pa.cluster_id FOR UPDATE OF pa`,
      [clusterIds, customerIds],
    );
  }
}
