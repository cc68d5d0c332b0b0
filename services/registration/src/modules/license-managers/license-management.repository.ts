import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CommandRequest, LicenseManagementCluster, LicenseManagementCommands } from '#libs/contracts';
import { selectAs, type OuterJoined } from '#libs/persistence';
import { Cluster } from '../../database/cluster.entity.js';
import type { Customer } from '../../database/customer.entity.js';
import type { LicenseManagerEntity } from './license-manager.entity.js';
import { PlmCustomerAssignmentEntity, type PlmClusterAssignmentEntity } from './plm-assignment.entities.js';

type ClusterFilter = CommandRequest<typeof LicenseManagementCommands.listClusters>;

const LISTED_FIELDS = ['id', 'name', 'customerId', 'type', 'version'] as const;

/**
 * A License Management Summary row as selected: the cluster (`cl`), its customer's name, its License Manager (its own
 * assignment's, else its customer's) and its assignment's status (`pa`, outer-joined), typed by the entities; the
 * latest PLM job comes as a JSON object in the API's shape.
 */
type ClusterRow = Pick<Cluster, (typeof LISTED_FIELDS)[number]> &
  OuterJoined<Pick<PlmClusterAssignmentEntity, 'licenseManagerId' | 'status'>> & {
    customerName: Customer['name'] | null;
    licenseManager: LicenseManagerEntity['hostname'] | null;
    job: LicenseManagementCluster['job'];
    /** count(*): bigint, answered as a string. */
    total: string;
  };

/**
 * The License Management Summary's clusters: those assigned to a License Manager, and the other clusters of the
 * customers assigned to one (what can be assigned next). The License Manager filter takes either.
 */
const LISTED = `SELECT ${selectAs(Cluster, LISTED_FIELDS, 'cl')}, cu.name AS "customerName",
    COALESCE(pa.license_manager_id, ca.license_manager_id)::text AS "licenseManagerId", lm.hostname AS "licenseManager", pa.status
  FROM cluster cl
  LEFT JOIN customer cu ON cu.id = cl.customer_id AND cu.deleted_at IS NULL
  LEFT JOIN plm_cluster_assignment pa ON pa.cluster_id = cl.id
  LEFT JOIN plm_customer_assignment ca ON ca.customer_id = cl.customer_id
  LEFT JOIN license_manager lm ON lm.id = COALESCE(pa.license_manager_id, ca.license_manager_id)
  WHERE cl.deleted_at IS NULL AND (pa.cluster_id IS NOT NULL OR ca.customer_id IS NOT NULL)`;

const PLM_JOB = `(SELECT jsonb_build_object('id', j.id, 'jobType', j.job_type, 'status', j.status, 'statusInfo', j.status_info, 'errorCode', j.error_code,
    'recommendedAction', j.recommended_action)
  FROM job j WHERE j.entity_id = page.id AND j.job_type IN ('Assign Cluster to PLM', 'Unassign Cluster from PLM') ORDER BY j.initiated_at DESC LIMIT 1)`;

@Injectable()
export class LicenseManagementRepository {
  constructor(private readonly dataSource: DataSource) {}

  async clusters(f: ClusterFilter): Promise<{ total: number; items: LicenseManagementCluster[] }> {
    const rows: (ClusterRow | { id: null; total: string })[] = await this.dataSource.query(
      `WITH filtered AS (SELECT * FROM (${LISTED}) l
         WHERE ($1::text IS NULL OR l."customerId" = $1) AND ($2::text IS NULL OR l.type = $2) AND ($3::text IS NULL OR l.status = $3)
           AND ($4::text IS NULL OR l."licenseManagerId" = $4)),
       page AS (SELECT * FROM filtered ORDER BY name, id LIMIT $5 OFFSET $6)
       SELECT t.total, page.*, ${PLM_JOB} AS job
       FROM (SELECT count(*) AS total FROM filtered) t LEFT JOIN page ON true
       ORDER BY page.name, page.id`,
      [f.customerId ?? null, f.type ?? null, f.status ?? null, f.licenseManagerId ?? null, f.limit ?? 100, f.offset ?? 0],
    );
    const total = Number(rows[0]?.total ?? 0);
    const items = rows
      .filter((r): r is ClusterRow => r.id !== null)
      .map((r) => ({
        clusterId: r.id,
        name: r.name,
        customerId: r.customerId,
        customerName: r.customerName,
        type: r.type,
        version: r.version,
        licenseManagerId: r.licenseManagerId,
        licenseManager: r.licenseManager,
        status: r.status,
        job: r.job,
      }));
    return { total, items };
  }

  async customers(f: { licenseManagerId?: string | undefined; limit: number; offset: number }) {
    const rows: (Pick<PlmCustomerAssignmentEntity, 'customerId' | 'licenseManagerId'> & {
      customerName: Customer['name'] | null;
      licenseManager: LicenseManagerEntity['hostname'];
      /** count of the customer's clusters assigned to the License Manager. */
      clusters: number;
      total: string;
    })[] = await this.dataSource.query(
      `SELECT ${selectAs(PlmCustomerAssignmentEntity, ['customerId'], 'ca')}, cu.name AS "customerName", ca.license_manager_id::text AS "licenseManagerId", lm.hostname AS "licenseManager",
         (SELECT count(*)::int FROM plm_cluster_assignment pa WHERE pa.customer_id = ca.customer_id AND pa.license_manager_id = ca.license_manager_id) AS clusters,
         count(*) OVER () AS total
       FROM plm_customer_assignment ca JOIN license_manager lm ON lm.id = ca.license_manager_id LEFT JOIN customer cu ON cu.id = ca.customer_id
       WHERE ($1::text IS NULL OR ca.license_manager_id::text = $1)
       ORDER BY ca.customer_id LIMIT $2 OFFSET $3`,
      [f.licenseManagerId ?? null, f.limit, f.offset],
    );
    return {
      total: Number(rows[0]?.total ?? 0),
      items: rows.map((r) => ({ customerId: r.customerId, customerName: r.customerName, licenseManagerId: r.licenseManagerId, licenseManager: r.licenseManager, clusters: r.clusters })),
    };
  }

  /** The assigned clusters of a License Manager as PLM knows them (name), with what the reports need of them. */
  async assignedClusters(licenseManagerId: string): Promise<{ clusterId: string; name: string; customerId: string; type: LicenseManagementCluster['type']; version: string }[]> {
    const rows: Pick<Cluster, (typeof LISTED_FIELDS)[number]>[] = await this.dataSource.query(
      `SELECT ${selectAs(Cluster, LISTED_FIELDS, 'cl')} FROM plm_cluster_assignment pa JOIN cluster cl ON cl.id = pa.cluster_id
       WHERE pa.license_manager_id = $1 AND pa.status IN ('Assigned', 'Unassigning', 'Unassignment Failed') ORDER BY cl.id`,
      [licenseManagerId],
    );
    return rows.map((r) => ({ clusterId: r.id, name: r.name, customerId: r.customerId, type: r.type, version: r.version }));
  }

  async customerIds(licenseManagerId: string): Promise<string[]> {
    const rows: Pick<PlmCustomerAssignmentEntity, 'customerId'>[] = await this.dataSource.query(
      `SELECT ${selectAs(PlmCustomerAssignmentEntity, ['customerId'])} FROM plm_customer_assignment WHERE license_manager_id = $1 ORDER BY customer_id`,
      [licenseManagerId],
    );
    return rows.map((r) => r.customerId);
  }
}
