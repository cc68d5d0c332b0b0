import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { clusterAttention } from './cluster-attention.js';
import { clusterTypesForKeyword, isEligibleForSmartLicensing, type ClusterListRequest, type ClusterStatus, type ClusterSummary, type ClusterType, type Job } from '#libs/contracts';

interface ClusterRow {
  id: string;
  customer_id: string;
  customer_name: string | null;
  name: string;
  type: ClusterType;
  version: string;
  licensing: 'smart' | 'pak';
  nodes: { hostname: string; publisher: boolean }[];
  updated_at: Date;
  smart_account_id: string | null;
  smart_account_name: string | null;
  virtual_account_id: string | null;
  virtual_account: string | null;
  virtual_account_removed: boolean;
  status: ClusterStatus | null;
  job: (Omit<Job, 'initiatedAt' | 'completedAt'> & { initiatedAt: string; completedAt: string | null }) | null;
  total: string;
}

const iso = (t: string | null) => (t ? new Date(t).toISOString() : null);

const toSummary = (r: ClusterRow): ClusterSummary => ({
  id: r.id,
  customerId: r.customer_id,
  customerName: r.customer_name,
  name: r.name,
  type: r.type,
  version: r.version,
  publisher: r.nodes.find((n) => n.publisher)?.hostname ?? null,
  nodeCount: r.nodes.length,
  eligible: isEligibleForSmartLicensing(r.type, r.version, r.licensing),
  smartAccountId: r.smart_account_id,
  smartAccount: r.smart_account_name,
  virtualAccountId: r.virtual_account_id,
  virtualAccount: r.virtual_account,
  status: r.status,
  job: r.job ? { ...r.job, initiatedAt: iso(r.job.initiatedAt)!, completedAt: iso(r.job.completedAt) } : null,
  attention: clusterAttention(r),
  updatedAt: r.updated_at.toISOString(),
});

const SORT_COLUMNS: Record<ClusterListRequest['sort'], string> = {
  name: 'cl.name',
  type: 'cl.type',
  version: 'cl.version',
  customer: 'cu.name',
  smartAccount: 'smart_account_name',
  virtualAccount: 'r.virtual_account',
  status: 'r.status',
  updatedAt: 'cl.updated_at',
};

const SELECT = `SELECT cl.id, cl.customer_id, cu.name AS customer_name, cl.name, cl.type, cl.version, cl.licensing, cl.nodes, cl.updated_at,
    r.smart_account_id, COALESCE(sa.name, va.smart_account_name) AS smart_account_name, r.virtual_account_id, r.virtual_account, r.status,
    va.removed_at IS NOT NULL AS virtual_account_removed,
    CASE WHEN j.id IS NULL THEN NULL ELSE jsonb_build_object('id', j.id, 'service', 'registration', 'jobType', j.job_type, 'entityType', j.entity_type,
      'entityId', j.entity_id, 'entityName', j.entity_name, 'status', j.status, 'description', j.description, 'statusInfo', j.status_info,
      'errorCode', j.error_code, 'recommendedAction', j.recommended_action, 'initiatedAt', j.initiated_at, 'completedAt', j.completed_at,
      'correlationId', j.correlation_id) END AS job,
    count(*) OVER () AS total
  FROM cluster cl
  LEFT JOIN customer cu ON cu.id = cl.customer_id AND cu.deleted_at IS NULL
  LEFT JOIN cluster_registration r ON r.cluster_id = cl.id
  LEFT JOIN virtual_account va ON va.id = r.virtual_account_id
  LEFT JOIN smart_account sa ON sa.id = r.smart_account_id
  LEFT JOIN LATERAL (SELECT * FROM job WHERE job.entity_id = cl.id ORDER BY job.initiated_at DESC LIMIT 1) j ON true
  WHERE cl.deleted_at IS NULL`;

/** The Cluster Summary (guide: "View Cluster Summary"): inventory, assignment, prioritised status and latest job. */
@Injectable()
export class ClusterSummaryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(f: ClusterListRequest): Promise<{ total: number; items: ClusterSummary[] }> {
    const types = f.type ? [...(clusterTypesForKeyword(f.type) ?? [])] : null;
    const order = f.order === 'desc' ? 'DESC' : 'ASC';
    const rows: ClusterRow[] = await this.dataSource.query(
      `${SELECT} AND ($1::text IS NULL OR cl.customer_id = $1) AND ($2::text[] IS NULL OR cl.type = ANY($2::text[]))
         AND ($3::text IS NULL OR cu.name ILIKE '%' || $3 || '%') AND ($4::text IS NULL OR r.virtual_account_id = $4)
         AND ($5::text IS NULL OR r.status = $5)
       ORDER BY ${SORT_COLUMNS[f.sort]} ${order} NULLS LAST, cl.id LIMIT $6 OFFSET $7`,
      [f.customerId ?? null, types, f.customer ?? null, f.virtualAccountId ?? null, f.status ?? null, f.limit, f.offset],
    );
    let items = rows.map(toSummary);
    // Eligibility is computed from the version rules, so it filters after the query.
    if (f.eligible !== undefined) items = items.filter((c) => c.eligible === f.eligible);
    return { total: rows.length ? Number(rows[0].total) : 0, items };
  }

  async get(id: string): Promise<ClusterSummary | undefined> {
    const rows: ClusterRow[] = await this.dataSource.query(`${SELECT} AND cl.id = $1`, [id]);
    return rows[0] ? toSummary(rows[0]) : undefined;
  }
}
