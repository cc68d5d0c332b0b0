import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CLUSTER_STATUSES,
  clusterTypesForKeyword,
  type ClusterFilter,
  type ClusterListRequest,
  type ClusterStatus,
  type ClusterStatusDetails,
  type ClusterSummary,
  type ClusterType,
  type Job,
  type ObservedAgentState,
} from '#libs/contracts';
import { observationShownSql } from '../agent-state/agent-state.repository.js';
import type { ObservedAgent } from '../agent-state/observed-status.js';
import { clusterAttention } from './cluster-attention.js';

interface ClusterRow {
  id: string;
  customer_id: string;
  customer_name: string | null;
  name: string;
  type: ClusterType;
  version: string;
  eligible: boolean;
  nodes: { hostname: string; publisher: boolean }[];
  updated_at: Date;
  smart_account_id: string | null;
  smart_account_name: string | null;
  virtual_account_id: string | null;
  virtual_account: string | null;
  virtual_account_removed: boolean;
  license_manager: string | null;
  status: ClusterStatus | null;
  observed_applies: boolean;
  observed_source: 'application' | 'job' | null;
  observed_description: string | null;
  observed_action: string | null;
  agent: Omit<ObservedAgent, 'checkedAt'> | null;
  checked_at: Date | null;
  refresh_error: ObservedAgentState['refreshError'];
  status_job: { statusInfo: string | null; description: string; recommendedAction: string | null } | null;
  job: (Omit<Job, 'initiatedAt' | 'completedAt'> & { initiatedAt: string; completedAt: string | null }) | null;
  total: string;
}

const iso = (t: string | null) => (t ? new Date(t).toISOString() : null);

/** The status information icon: the application's state when it decided the status, else the job that did. */
const statusDetailsOf = (r: ClusterRow): ClusterStatusDetails | null => {
  if (r.observed_applies && r.observed_source === 'application') {
    return { source: 'application', description: r.observed_description ?? '', recommendedAction: r.observed_action };
  }
  if (!r.status_job) return null;
  const job = r.status_job.statusInfo ?? r.status_job.description;
  // A failed job still stands: its Status Information, and what the application reports since.
  const observed = r.observed_applies && r.observed_description ? ` (last read of the application: ${r.observed_description})` : '';
  return { source: 'job', description: `${job}${observed}`, recommendedAction: r.status_job.recommendedAction };
};

const agentStateOf = (r: ClusterRow): ObservedAgentState | null => {
  if (!r.agent && !r.refresh_error) return null;
  return {
    registrationStatus: r.agent?.registrationStatus ?? 'unknown',
    smartAccount: r.agent?.smartAccount ?? null,
    virtualAccount: r.agent?.virtualAccount ?? null,
    virtualAccounts: r.agent?.virtualAccounts ?? [],
    registrationExpires: r.agent?.registrationExpires ?? null,
    authorizationStatus: r.agent?.authorizationStatus ?? null,
    authorizationExpires: r.agent?.authorizationExpires ?? null,
    nodes: (r.agent?.nodes ?? []).map((n) => ({ hostname: n.hostname, registrationStatus: n.registrationStatus, virtualAccount: n.virtualAccount })),
    checkedAt: r.checked_at ? r.checked_at.toISOString() : null,
    refreshError: r.refresh_error,
  };
};

const toSummary = (r: ClusterRow): ClusterSummary => ({
  id: r.id,
  customerId: r.customer_id,
  customerName: r.customer_name,
  name: r.name,
  type: r.type,
  version: r.version,
  publisher: r.nodes.find((n) => n.publisher)?.hostname ?? null,
  nodeCount: r.nodes.length,
  eligible: r.eligible,
  smartAccountId: r.smart_account_id,
  smartAccount: r.smart_account_name,
  virtualAccountId: r.virtual_account_id,
  virtualAccount: r.virtual_account,
  status: r.status,
  statusDetails: statusDetailsOf(r),
  agentState: agentStateOf(r),
  job: r.job ? { ...r.job, initiatedAt: iso(r.job.initiatedAt)!, completedAt: iso(r.job.completedAt) } : null,
  attention: clusterAttention(r),
  updatedAt: r.updated_at.toISOString(),
});

// Sort keys over the listed columns; status sorts in the guide's priority order.
const SORT_COLUMNS: Record<ClusterListRequest['sort'], string> = {
  name: 'name',
  type: 'type',
  version: 'version',
  customer: 'customer_name',
  smartAccount: 'smart_account_name',
  virtualAccount: 'virtual_account',
  status: 'status_rank',
  updatedAt: 'updated_at',
};

/**
 * Every cluster of the inventory with what the Cluster Summary shows: the stored observation of its smart agent
 * (`o`) is shown while the job it was decided against is still the cluster's latest one (`r.last_job_id`) and has
 * finished; otherwise the status the latest job left. The virtual account is the one the observation shows the
 * cluster registered to, else its assignment.
 */
const LISTED = `SELECT cl.id, cl.customer_id, cu.name AS customer_name, cl.name, cl.type, cl.version, cl.eligible, cl.nodes, cl.updated_at,
    CASE WHEN a.applies THEN o.status ELSE r.status END AS status,
    CASE WHEN v.observed THEN o.smart_account_id ELSE r.smart_account_id END AS smart_account_id,
    CASE WHEN v.observed THEN o.smart_account ELSE COALESCE(sa.name, va.smart_account_name) END AS smart_account_name,
    CASE WHEN v.observed THEN o.virtual_account_id ELSE r.virtual_account_id END AS virtual_account_id,
    CASE WHEN v.observed THEN o.virtual_account ELSE r.virtual_account END AS virtual_account,
    a.applies AS observed_applies, o.source AS observed_source, o.description AS observed_description, o.recommended_action AS observed_action,
    o.agent, o.checked_at, o.refresh_error, va.removed_at IS NOT NULL AS virtual_account_removed,
    (SELECT lm.hostname FROM plm_cluster_assignment pa JOIN license_manager lm ON lm.id = pa.license_manager_id WHERE pa.cluster_id = cl.id) AS license_manager,
    CASE WHEN lj.id IS NULL THEN NULL ELSE jsonb_build_object('statusInfo', lj.status_info, 'description', lj.description, 'recommendedAction', lj.recommended_action) END AS status_job
  FROM cluster cl
  LEFT JOIN customer cu ON cu.id = cl.customer_id AND cu.deleted_at IS NULL
  LEFT JOIN cluster_registration r ON r.cluster_id = cl.id
  LEFT JOIN virtual_account va ON va.id = r.virtual_account_id
  LEFT JOIN smart_account sa ON sa.id = r.smart_account_id
  LEFT JOIN job lj ON lj.id = r.last_job_id
  LEFT JOIN cluster_agent_state o ON o.cluster_id = cl.id
  CROSS JOIN LATERAL (SELECT ${observationShownSql()} AS applies) a
  CROSS JOIN LATERAL (SELECT a.applies AND o.virtual_account IS NOT NULL AS observed) v
  WHERE cl.deleted_at IS NULL`;

/**
 * The clusters a filter selects, every filter in SQL before any paging: inventory filters on `cluster` and `customer`,
 * then the shown status and virtual account. Parameters $1-$7 (see filterParams).
 */
const FILTERED = `SELECT * FROM (${LISTED}
    AND ($1::boolean IS NULL OR cl.eligible = $1) AND ($2::text IS NULL OR cl.customer_id = $2) AND ($3::text[] IS NULL OR cl.type = ANY($3::text[]))
    AND ($4::text IS NULL OR cu.name ILIKE '%' || $4 || '%')) listed
  WHERE ($5::text IS NULL OR listed.virtual_account_id = $5) AND ($6::text IS NULL OR listed.status = $6)`;

const filterParams = (f: ClusterFilter): unknown[] => [
  f.eligible === 'all' ? null : f.eligible,
  f.customerId ?? null,
  f.type ? [...(clusterTypesForKeyword(f.type) ?? [])] : null,
  f.customer ?? null,
  f.virtualAccountId ?? null,
  f.status ?? null,
];

const JOB_JSON = `CASE WHEN j.id IS NULL THEN NULL ELSE jsonb_build_object('id', j.id, 'service', 'registration', 'jobType', j.job_type, 'entityType', j.entity_type,
    'entityId', j.entity_id, 'entityName', j.entity_name, 'status', j.status, 'description', j.description, 'statusInfo', j.status_info,
    'errorCode', j.error_code, 'recommendedAction', j.recommended_action, 'initiatedAt', j.initiated_at, 'completedAt', j.completed_at,
    'correlationId', j.correlation_id) END`;

/** The Cluster Summary (guide: "View Cluster Summary"): inventory, assignment, prioritised status and latest job. */
@Injectable()
export class ClusterSummaryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of the filtered clusters and how many the filters select (the count of every page, past the last too). */
  async list(f: ClusterListRequest): Promise<{ total: number; items: ClusterSummary[] }> {
    const order = `${SORT_COLUMNS[f.sort]} ${f.order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, id`;
    const rows: (ClusterRow | (Partial<ClusterRow> & { id: null; total: string }))[] = await this.dataSource.query(
      `WITH filtered AS (SELECT *, array_position($7::text[], status) AS status_rank FROM (${FILTERED}) f),
       page AS (SELECT * FROM filtered ORDER BY ${order} LIMIT $8 OFFSET $9)
       SELECT t.total, page.*, ${JOB_JSON} AS job
       FROM (SELECT count(*) AS total FROM filtered) t
       LEFT JOIN page ON true
       LEFT JOIN LATERAL (SELECT * FROM job WHERE job.entity_id = page.id ORDER BY job.initiated_at DESC LIMIT 1) j ON true
       ORDER BY ${order.split(', ').map((o) => `page.${o}`).join(', ')}`,
      [...filterParams(f), [...CLUSTER_STATUSES], f.limit, f.offset],
    );
    const total = Number(rows[0]?.total ?? 0);
    return { total, items: rows.filter((r): r is ClusterRow => r.id !== null).map(toSummary) };
  }

  async get(id: string): Promise<ClusterSummary | undefined> {
    const rows: ClusterRow[] = await this.dataSource.query(
      `SELECT listed.*, ${JOB_JSON} AS job FROM (${LISTED} AND cl.id = $1) listed
       LEFT JOIN LATERAL (SELECT * FROM job WHERE job.entity_id = listed.id ORDER BY job.initiated_at DESC LIMIT 1) j ON true`,
      [id],
    );
    return rows[0] ? toSummary(rows[0]) : undefined;
  }

  /** Every cluster the filters select (id and type), in name order: what a status refresh reads. */
  async select(f: ClusterFilter): Promise<{ id: string; type: ClusterType }[]> {
    return this.dataSource.query(`SELECT id, type FROM (${FILTERED}) f ORDER BY name, id`, filterParams(f));
  }
}
