import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { columnList, recordsetOf, selectAs, type OuterJoined } from '#libs/persistence';
import { ClusterAgentState } from '../../database/cluster-agent-state.entity.js';
import { ClusterAssignment } from '../../database/cluster-assignment.entity.js';
import { Cluster } from '../../database/cluster.entity.js';
import { Job } from '../../database/job.entity.js';
import type { VirtualAccount } from '../../database/virtual-account.entity.js';

const BASIS_ASSIGNMENT = ['virtualAccount', 'smartAccountId', 'status', 'trigger', 'lastJobId'] as const;

/**
 * A cluster as an observation of its smart agent meets it: the cluster (`c`), its assignment (`r`), its latest job
 * (`lj`, fields prefixed `job`: job and assignment both have a trigger and a status) and the state stored before
 * (`o`, `observed…` where the assignment has the same field); everything but the cluster is outer-joined.
 */
export type ObservationBasisRow = Pick<Cluster, 'id' | 'customerId' | 'type'> &
  OuterJoined<
    Pick<ClusterAssignment, (typeof BASIS_ASSIGNMENT)[number]> &
      Pick<Job, 'jobType'> & { jobTrigger: Job['trigger']; jobStatus: Job['status']; jobCompletedAt: Job['completedAt'] } & {
        /** `params->>'virtualAccount'` of the job (assign jobs name their VA). */
        jobVirtualAccount: string;
      } & Pick<ClusterAgentState, 'checkedAt' | 'basisJobId'> & {
        observedStatus: ClusterAgentState['status'];
        observedVirtualAccount: ClusterAgentState['virtualAccount'];
        observedSmartAccountId: ClusterAgentState['smartAccountId'];
      }
  >;

const BASIS = `SELECT ${selectAs(Cluster, ['id', 'customerId', 'type'], 'c')}, ${selectAs(ClusterAssignment, BASIS_ASSIGNMENT, 'r')},
    ${selectAs(Job, ['jobType'], 'lj')}, lj.trigger AS "jobTrigger", lj.status AS "jobStatus", lj.completed_at AS "jobCompletedAt", lj.params->>'virtualAccount' AS "jobVirtualAccount",
    ${selectAs(ClusterAgentState, ['checkedAt'], 'o')}, o.status AS "observedStatus", ${selectAs(ClusterAgentState, ['basisJobId'], 'o')},
    o.virtual_account AS "observedVirtualAccount", o.smart_account_id AS "observedSmartAccountId"
  FROM cluster c
  LEFT JOIN cluster_registration r ON r.cluster_id = c.id
  LEFT JOIN job lj ON lj.id = r.last_job_id
  LEFT JOIN cluster_agent_state o ON o.cluster_id = c.id
  WHERE c.id = ANY($1::text[]) AND c.deleted_at IS NULL`;

const STATE_FIELDS = [
  'clusterId', 'agent', 'checkedAt', 'status', 'source', 'description', 'recommendedAction', 'virtualAccount', 'virtualAccountId', 'smartAccount', 'smartAccountId', 'basisJobId',
] as const;

/** One observation as stored: the state read, and the Cluster Summary status it gives against `basisJobId`. */
export type AgentStateRow = Pick<ClusterAgentState, (typeof STATE_FIELDS)[number]>;

// The rows go as one JSON parameter, read back by jsonb_to_recordset with the entity's column types.
const STATE_RECORDSET = recordsetOf(ClusterAgentState, STATE_FIELDS, 'r');
const SAVE = `INSERT INTO cluster_agent_state AS o (${columnList(ClusterAgentState, STATE_FIELDS)})
  SELECT ${STATE_RECORDSET.select}
  FROM jsonb_to_recordset($1::jsonb) AS r(${STATE_RECORDSET.definition})
  ON CONFLICT (cluster_id) DO UPDATE SET agent = excluded.agent, checked_at = excluded.checked_at, status = excluded.status, source = excluded.source,
    description = excluded.description, recommended_action = excluded.recommended_action, virtual_account = excluded.virtual_account,
    virtual_account_id = excluded.virtual_account_id, smart_account = excluded.smart_account, smart_account_id = excluded.smart_account_id,
    basis_job_id = excluded.basis_job_id, refresh_error = NULL, updated_at = now()
  WHERE o.checked_at IS NULL OR excluded.checked_at > o.checked_at`;

export interface ResolvedVirtualAccount {
  id: string;
  smartAccountId: string;
  smartAccountName: string | null;
}

/**
 * SQL condition: the stored observation `o` is what the Cluster Summary shows, i.e. it was decided against the job
 * that is still the cluster's latest (`r.last_job_id`, joined as `lj`) and that job has finished. Otherwise the status
 * the latest job left stands.
 */
export const observationShownSql = (o = 'o', r = 'r', lj = 'lj'): string =>
  `(${o}.status IS NOT NULL AND ${o}.basis_job_id IS NOT DISTINCT FROM ${r}.last_job_id AND (${lj}.id IS NULL OR ${lj}.status NOT IN ('Queued', 'In Progress')))`;

/** The key of a smart-agent (smart account, virtual account) name pair. */
export const vaKey = (smartAccount: string | null, virtualAccount: string) => `${smartAccount ?? ''}\u0000${virtualAccount}`;

/** The observed smart-agent states (projection of app-adapter's reads) and what the Cluster Summary shows from them. */
@Injectable()
export class AgentStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The clusters observations are about, with their assignment and latest job; deleted and unknown clusters are
   * absent. Not locked: an observation is shown only against the job it was decided with (`basis_job_id`), so a job
   * starting or finishing meanwhile makes it wait for the next read rather than show wrongly; and a batch of hundreds
   * of clusters locked here would queue, or deadlock with, the jobs and provisioning batches that lock them.
   */
  async basis(m: EntityManager, clusterIds: string[]): Promise<Map<string, ObservationBasisRow>> {
    const rows: ObservationBasisRow[] = await m.query(BASIS, [clusterIds]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** When stored observations were read, for clusters the inventory does not know (yet). */
  async checkedAt(m: EntityManager, clusterIds: string[]): Promise<Map<string, Date>> {
    const rows: (Pick<ClusterAgentState, 'clusterId'> & { checkedAt: Date })[] = await m.query(
      `SELECT ${selectAs(ClusterAgentState, ['clusterId', 'checkedAt'])} FROM cluster_agent_state WHERE cluster_id = ANY($1::text[]) AND checked_at IS NOT NULL`,
      [clusterIds],
    );
    return new Map(rows.map((r) => [r.clusterId, r.checkedAt]));
  }

  /**
   * Virtual accounts by the names a smart agent reports (smart account name or domain, VA name), when exactly one
   * known virtual account matches; keyed by {@link vaKey}.
   */
  async resolveVirtualAccounts(m: EntityManager, names: { smartAccount: string | null; virtualAccount: string }[]): Promise<Map<string, ResolvedVirtualAccount>> {
    if (!names.length) return new Map();
    // Aggregates over the matching VAs (one each when n = 1): the VirtualAccount fields they read, by the names asked.
    const rows: ({ sa: string | null; va: string; n: string } & Pick<VirtualAccount, 'id' | 'smartAccountId' | 'smartAccountName'>)[] = await m.query(
      `SELECT u.sa, u.va, min(va.id) AS id, min(va.smart_account_id) AS "smartAccountId", min(COALESCE(sa.name, va.smart_account_name)) AS "smartAccountName", count(*) AS n
       FROM unnest($1::text[], $2::text[]) AS u(sa, va)
       JOIN virtual_account va ON va.name = u.va AND va.removed_at IS NULL
       LEFT JOIN smart_account sa ON sa.id = va.smart_account_id
       WHERE u.sa IS NULL OR u.sa IN (sa.name, sa.domain, va.smart_account_name, va.smart_account_domain)
       GROUP BY u.sa, u.va`,
      [names.map((n) => n.smartAccount), names.map((n) => n.virtualAccount)],
    );
    const resolved = new Map<string, ResolvedVirtualAccount>();
    for (const r of rows) if (Number(r.n) === 1) resolved.set(vaKey(r.sa, r.va), { id: r.id, smartAccountId: r.smartAccountId, smartAccountName: r.smartAccountName });
    return resolved;
  }

  /** Stores observations newer than the stored ones (a successful read clears the last refresh error). */
  async save(m: EntityManager, rows: AgentStateRow[]): Promise<void> {
    if (!rows.length) return;
    await m.query(SAVE, [JSON.stringify(rows)]);
  }

  /** The last refresh of the cluster failed: the previous observation stays, with the failure beside it. */
  async saveRefreshError(clusterId: string, error: { code: string; message: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO cluster_agent_state (cluster_id, refresh_error) VALUES ($1, $2)
       ON CONFLICT (cluster_id) DO UPDATE SET refresh_error = excluded.refresh_error, updated_at = now()`,
      [clusterId, JSON.stringify({ ...error, at: new Date().toISOString() })],
    );
  }
}
