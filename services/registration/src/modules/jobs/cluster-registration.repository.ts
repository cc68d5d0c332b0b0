import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertOutboxRowsSql, outboxRows, type OutboxItem } from '#libs/messaging';
import { prepared, queryPrepared, selectAs, type OuterJoined } from '#libs/persistence';
import type { ClusterStatus, JobTrigger } from '#libs/contracts';
import type { ClusterAgentState } from '../../database/cluster-agent-state.entity.js';
import { ClusterAssignment } from '../../database/cluster-assignment.entity.js';
import { Cluster } from '../../database/cluster.entity.js';
import type { VaAssignmentVersion } from '../../database/va-assignment-version.entity.js';
import { observationShownSql } from '../agent-state/agent-state.repository.js';
import type { ObservedAgent } from '../agent-state/observed-status.js';

export interface ClusterRegistration {
  clusterId: string;
  customerId: string;
  clusterType: string;
  virtualAccountId: string | null;
  smartAccountId: string | null;
  virtualAccount: string | null;
  status: ClusterStatus | null;
  trigger: JobTrigger | null;
  lastJobId: string | null;
  /** The assigned VA was removed in CSSM (read by the assignment rules only). */
  virtualAccountRemoved?: boolean;
  /** The smart agent as last read (getMany only): the status and VA it shows, and whether nodes are on several VAs. */
  observed?: { status: ClusterStatus | null; virtualAccountId: string | null; registrationStatus: string | null; virtualAccounts: string[] };
}

const ASSIGNMENT_FIELDS = ['virtualAccountId', 'smartAccountId', 'virtualAccount', 'status', 'trigger', 'lastJobId'] as const;

/**
 * A cluster (`c`) and its assignment (`r`, outer-joined: a cluster never assigned has none) as selected, typed by the
 * Cluster and ClusterAssignment entities; the cluster's id is aliased `clusterId` (the assignment's key). getMany adds
 * its VA's removal and the smart agent as last read (`o`, ClusterAgentState). Also read back as JSON (`to_jsonb`) with
 * a finished job: the keys are these aliases.
 */
export type ClusterRegistrationRow = { clusterId: Cluster['id'] } & Pick<Cluster, 'customerId' | 'type'> & OuterJoined<Pick<ClusterAssignment, (typeof ASSIGNMENT_FIELDS)[number]>> & {
  virtualAccountRemoved?: boolean;
  observedStatus?: ClusterAgentState['status'];
  observedVirtualAccountId?: ClusterAgentState['virtualAccountId'];
  /** `agent->>'registrationStatus'`: null when no state was read. */
  observedRegistrationStatus?: ObservedAgent['registrationStatus'] | null;
  /** The agent's `virtualAccounts`, as a text[] ({} when none). */
  observedVirtualAccounts?: ObservedAgent['virtualAccounts'] | null;
};

export const toRegistration = (r: ClusterRegistrationRow): ClusterRegistration => ({
  clusterId: r.clusterId,
  customerId: r.customerId,
  clusterType: r.type,
  virtualAccountId: r.virtualAccountId,
  smartAccountId: r.smartAccountId,
  virtualAccount: r.virtualAccount,
  status: r.status,
  trigger: r.trigger,
  lastJobId: r.lastJobId,
  ...(r.virtualAccountRemoved === undefined ? {} : { virtualAccountRemoved: r.virtualAccountRemoved }),
  ...(r.observedRegistrationStatus !== undefined
    ? {
        observed: {
          status: r.observedStatus ?? null,
          virtualAccountId: r.observedVirtualAccountId ?? null,
          registrationStatus: r.observedRegistrationStatus,
          virtualAccounts: r.observedVirtualAccounts ?? [],
        },
      }
    : {}),
});

const REGISTRATION_COLUMNS = `c.id AS "clusterId", ${selectAs(Cluster, ['customerId', 'type'], 'c')}, ${selectAs(ClusterAssignment, ASSIGNMENT_FIELDS, 'r')}`;

/** A cluster and its registration, by cluster id `$<param>`; `FOR UPDATE OF c` locks the cluster. */
export const selectClusterRegistrationSql = (param: number): string =>
  `SELECT ${REGISTRATION_COLUMNS}
  FROM cluster c LEFT JOIN cluster_registration r ON r.cluster_id = c.id WHERE c.id = $${param}`;

// Written once per finished job (its status and events, one statement): prepared once per connection.
const SET_STATUS = prepared(
  'registration.cluster-registration.set-status',
  `WITH status AS (
     INSERT INTO cluster_registration (cluster_id, status, last_job_id) VALUES ($1, $2, $3)
     ON CONFLICT (cluster_id) DO UPDATE SET status = $2, last_job_id = $3, updated_at = now())
   ${insertOutboxRowsSql(4, 5)}`,
);

/** Which virtual account each cluster is assigned to, its Cluster Summary status and latest job. */
@Injectable()
export class ClusterRegistrationRepository {
  async get(m: EntityManager, clusterId: string): Promise<ClusterRegistration | undefined> {
    const rows: ClusterRegistrationRow[] = await m.query(selectClusterRegistrationSql(1), [clusterId]);
    return rows[0] ? toRegistration(rows[0]) : undefined;
  }

  /** Several clusters in one statement (a batch of jobs), by id, with their smart agent as last read and their VA's removal. */
  async getMany(m: EntityManager, clusterIds: string[]): Promise<Map<string, ClusterRegistration>> {
    const rows: ClusterRegistrationRow[] = await m.query(
      `SELECT ${REGISTRATION_COLUMNS},
         va.removed_at IS NOT NULL AS "virtualAccountRemoved",
         CASE WHEN ${observationShownSql()} THEN o.status END AS "observedStatus",
         CASE WHEN ${observationShownSql()} THEN o.virtual_account_id END AS "observedVirtualAccountId",
         o.agent->>'registrationStatus' AS "observedRegistrationStatus",
         ARRAY(SELECT jsonb_array_elements_text(COALESCE(o.agent->'virtualAccounts', '[]'))) AS "observedVirtualAccounts"
       FROM cluster c LEFT JOIN cluster_registration r ON r.cluster_id = c.id LEFT JOIN virtual_account va ON va.id = r.virtual_account_id
       LEFT JOIN job lj ON lj.id = r.last_job_id
       LEFT JOIN cluster_agent_state o ON o.cluster_id = c.id
       WHERE c.id = ANY($1::text[])`,
      [clusterIds],
    );
    return new Map(rows.map((r) => [r.clusterId, toRegistration(r)]));
  }

  /** Assignment set when an Assign Cluster job is created (the VA counts it from then on). */
  async assign(m: EntityManager, items: { clusterId: string; jobId: string; status: ClusterStatus | null }[], va: { id: string; smartAccountId: string; name: string }, trigger: JobTrigger): Promise<void> {
    if (!items.length) return;
    await m.query(
      `INSERT INTO cluster_registration (cluster_id, virtual_account_id, smart_account_id, virtual_account, status, trigger, last_job_id)
       SELECT u.cluster_id, $4, $5, $6, u.status, $7, u.job_id FROM unnest($1::text[], $2::uuid[], $3::text[]) AS u(cluster_id, job_id, status)
       ON CONFLICT (cluster_id) DO UPDATE SET virtual_account_id = excluded.virtual_account_id, smart_account_id = excluded.smart_account_id,
         virtual_account = excluded.virtual_account, status = COALESCE(excluded.status, cluster_registration.status), trigger = excluded.trigger,
         last_job_id = excluded.last_job_id, updated_at = now()`,
      [items.map((i) => i.clusterId), items.map((i) => i.jobId), items.map((i) => i.status), va.id, va.smartAccountId, va.name, trigger],
    );
  }

  /** A job was started on assigned clusters (unassign, renew): latest job, and status when it changes. */
  async startJobs(m: EntityManager, items: { clusterId: string; jobId: string; status: ClusterStatus | null }[]): Promise<void> {
    if (!items.length) return;
    await m.query(
      `INSERT INTO cluster_registration (cluster_id, status, last_job_id)
       SELECT u.cluster_id, u.status, u.job_id FROM unnest($1::text[], $2::uuid[], $3::text[]) AS u(cluster_id, job_id, status)
       ON CONFLICT (cluster_id) DO UPDATE SET status = COALESCE(excluded.status, cluster_registration.status), last_job_id = excluded.last_job_id, updated_at = now()`,
      [items.map((i) => i.clusterId), items.map((i) => i.jobId), items.map((i) => i.status)],
    );
  }

  /** The cluster's status and latest job, written with `events` (the change's events, at least one) in one statement. */
  async setStatus(m: EntityManager, clusterId: string, status: ClusterStatus | null, jobId: string, events: OutboxItem[]): Promise<void> {
    const { rows, headers } = outboxRows(events);
    await queryPrepared(m, SET_STATUS, [clusterId, status, jobId, rows, headers]);
  }

  /** Unassigned: no VA any more, status Deregistered. */
  async unassign(m: EntityManager, clusterId: string, status: ClusterStatus, jobId: string): Promise<void> {
    await m.query(
      `UPDATE cluster_registration SET virtual_account_id = NULL, smart_account_id = NULL, virtual_account = NULL, status = $2, last_job_id = $3, updated_at = now()
       WHERE cluster_id = $1`,
      [clusterId, status, jobId],
    );
  }

  /**
   * Clusters# and customers# of a virtual account (guide: "Virtual Account Summary"), how many auto-registration put
   * there, and the counts' next version. Taking the version locks the VA's row until the caller's transaction ends, and
   * the count is a later statement: a concurrent job counting the same VA waits for this one to commit and then sees its
   * change (READ COMMITTED takes a snapshot per statement), so the highest version always carries the true counts.
   */
  async vaCounts(m: EntityManager, virtualAccountId: string): Promise<{ clusters: number; customers: number; autoRegistered: number; version: number }> {
    const versions: Pick<VaAssignmentVersion, 'version'>[] = await m.query(
      `INSERT INTO va_assignment_version AS v (virtual_account_id, version) VALUES ($1, 1)
       ON CONFLICT (virtual_account_id) DO UPDATE SET version = v.version + 1 RETURNING version`,
      [virtualAccountId],
    );
    // Counts (bigint, answered as strings): no table holds them.
    const rows: { clusters: string; customers: string; autoRegistered: string }[] = await m.query(
      `SELECT count(*) AS clusters, count(DISTINCT c.customer_id) AS customers, count(*) FILTER (WHERE r.trigger = 'auto') AS "autoRegistered"
       FROM cluster_registration r JOIN cluster c ON c.id = r.cluster_id AND c.deleted_at IS NULL WHERE r.virtual_account_id = $1`,
      [virtualAccountId],
    );
    return { clusters: Number(rows[0]?.clusters ?? 0), customers: Number(rows[0]?.customers ?? 0), autoRegistered: Number(rows[0]?.autoRegistered ?? 0), version: Number(versions[0].version) };
  }
}
