import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CLUSTER_STATUSES,
  clusterTypesForKeyword,
  type ClusterFilter,
  type ClusterListRequest,
  type ClusterStatusDetails,
  type ClusterSummary,
  type ClusterType,
  type Job,
  type ObservedAgentState,
} from '#libs/contracts';
import { selectAs, type OuterJoined } from '#libs/persistence';
import { ClusterAgentState } from '../../database/cluster-agent-state.entity.js';
import type { ClusterAssignment } from '../../database/cluster-assignment.entity.js';
import { Cluster } from '../../database/cluster.entity.js';
import type { Customer } from '../../database/customer.entity.js';
import type { Job as JobRecord } from '../../database/job.entity.js';
import { observationShownSql } from '../agent-state/agent-state.repository.js';
import type { LicenseManagerEntity } from '../license-managers/license-manager.entity.js';
import { clusterAttention } from './cluster-attention.js';

const LISTED_FIELDS = ['id', 'customerId', 'name', 'type', 'version', 'eligible', 'nodes', 'updatedAt'] as const;

/**
 * A Cluster Summary row as selected: the cluster (`cl`) with its customer's name, what it shows (the assignment's
 * fields, or the stored observation's when it applies), the observation (`o`, outer-joined) and the jobs that
 * explain it. Typed by the Cluster, Customer, ClusterAssignment, ClusterAgentState and Job entities; the computed
 * columns (CASE, sub-selects, JSON objects) are typed as the entity fields they yield.
 */
type ClusterRow = Pick<Cluster, (typeof LISTED_FIELDS)[number]> &
  OuterJoined<Pick<ClusterAssignment, 'status' | 'smartAccountId' | 'virtualAccountId' | 'virtualAccount'> & Pick<ClusterAgentState, 'agent' | 'checkedAt' | 'refreshError'>> & {
    customerName: Customer['name'] | null;
    /** The observation's smart account name, else the smart account's (or the name sync announced for the VA). */
    smartAccountName: ClusterAgentState['smartAccount'];
    virtualAccountRemoved: boolean;
    /** Hostname of the License Manager (PLM) the cluster is assigned to. */
    licenseManager: LicenseManagerEntity['hostname'] | null;
    /** The stored observation is what the Cluster Summary shows (observationShownSql). */
    observedApplies: boolean;
    observedSource: ClusterAgentState['source'];
    observedDescription: ClusterAgentState['description'];
    observedAction: ClusterAgentState['recommendedAction'];
    /** The latest job of the assignment (`r.last_job_id`), as a JSON object. */
    statusJob: Pick<JobRecord, 'statusInfo' | 'description' | 'recommendedAction'> | null;
    /** The cluster's latest job as operators see it (JOB_JSON): timestamps as JSON text. */
    job: (Omit<Job, 'initiatedAt' | 'completedAt'> & { initiatedAt: string; completedAt: string | null }) | null;
    /** count(*) OVER (): bigint, answered as a string. */
    total: string;
  };

const iso = (t: string | null) => (t ? new Date(t).toISOString() : null);

/** The status information icon: the application's state when it decided the status, else the job that did. */
const statusDetailsOf = (r: ClusterRow): ClusterStatusDetails | null => {
  if (r.observedApplies && r.observedSource === 'application') {
    return { source: 'application', description: r.observedDescription ?? '', recommendedAction: r.observedAction };
  }
  if (!r.statusJob) return null;
  const job = r.statusJob.statusInfo ?? r.statusJob.description;
  // A failed job still stands: its Status Information, and what the application reports since.
  const observed = r.observedApplies && r.observedDescription ? ` (last read of the application: ${r.observedDescription})` : '';
  return { source: 'job', description: `${job}${observed}`, recommendedAction: r.statusJob.recommendedAction };
};

const agentStateOf = (r: ClusterRow): ObservedAgentState | null => {
  if (!r.agent && !r.refreshError) return null;
  return {
    registrationStatus: r.agent?.registrationStatus ?? 'unknown',
    smartAccount: r.agent?.smartAccount ?? null,
    virtualAccount: r.agent?.virtualAccount ?? null,
    virtualAccounts: r.agent?.virtualAccounts ?? [],
    registrationExpires: r.agent?.registrationExpires ?? null,
    authorizationStatus: r.agent?.authorizationStatus ?? null,
    authorizationExpires: r.agent?.authorizationExpires ?? null,
    nodes: (r.agent?.nodes ?? []).map((n) => ({ hostname: n.hostname, registrationStatus: n.registrationStatus, virtualAccount: n.virtualAccount })),
    checkedAt: r.checkedAt ? r.checkedAt.toISOString() : null,
    refreshError: r.refreshError,
  };
};

const toSummary = (r: ClusterRow): ClusterSummary => ({
  id: r.id,
  customerId: r.customerId,
  customerName: r.customerName,
  name: r.name,
  type: r.type,
  version: r.version,
  publisher: r.nodes.find((n) => n.publisher)?.hostname ?? null,
  nodeCount: r.nodes.length,
  eligible: r.eligible,
  smartAccountId: r.smartAccountId,
  smartAccount: r.smartAccountName,
  virtualAccountId: r.virtualAccountId,
  virtualAccount: r.virtualAccount,
  status: r.status,
  statusDetails: statusDetailsOf(r),
  agentState: agentStateOf(r),
  job: r.job ? { ...r.job, initiatedAt: iso(r.job.initiatedAt)!, completedAt: iso(r.job.completedAt) } : null,
  attention: clusterAttention(r),
  updatedAt: r.updatedAt.toISOString(),
});

// Sort keys over the listed columns (their aliases); status sorts in the guide's priority order.
const SORT_COLUMNS: Record<ClusterListRequest['sort'], string> = {
  name: 'name',
  type: 'type',
  version: 'version',
  customer: '"customerName"',
  smartAccount: '"smartAccountName"',
  virtualAccount: '"virtualAccount"',
  status: 'status_rank',
  updatedAt: '"updatedAt"',
};

/**
 * Every cluster of the inventory with what the Cluster Summary shows: the stored observation of its smart agent
 * (`o`) is shown while the job it was decided against is still the cluster's latest one (`r.last_job_id`) and has
 * finished; otherwise the status the latest job left. The virtual account is the one the observation shows the
 * cluster registered to, else its assignment.
 */
const LISTED = `SELECT ${selectAs(Cluster, LISTED_FIELDS, 'cl')}, cu.name AS "customerName",
    CASE WHEN a.applies THEN o.status ELSE r.status END AS status,
    CASE WHEN v.observed THEN o.smart_account_id ELSE r.smart_account_id END AS "smartAccountId",
    CASE WHEN v.observed THEN o.smart_account ELSE COALESCE(sa.name, va.smart_account_name) END AS "smartAccountName",
    CASE WHEN v.observed THEN o.virtual_account_id ELSE r.virtual_account_id END AS "virtualAccountId",
    CASE WHEN v.observed THEN o.virtual_account ELSE r.virtual_account END AS "virtualAccount",
    a.applies AS "observedApplies", o.source AS "observedSource", o.description AS "observedDescription", o.recommended_action AS "observedAction",
    ${selectAs(ClusterAgentState, ['agent', 'checkedAt', 'refreshError'], 'o')}, va.removed_at IS NOT NULL AS "virtualAccountRemoved",
    (SELECT lm.hostname FROM plm_cluster_assignment pa JOIN license_manager lm ON lm.id = pa.license_manager_id WHERE pa.cluster_id = cl.id) AS "licenseManager",
    CASE WHEN lj.id IS NULL THEN NULL ELSE jsonb_build_object('statusInfo', lj.status_info, 'description', lj.description, 'recommendedAction', lj.recommended_action) END AS "statusJob"
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
  WHERE ($5::text IS NULL OR listed."virtualAccountId" = $5) AND ($6::text IS NULL OR listed.status = $6)`;

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
