import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ClusterStatus, ClusterType, JobStatus, JobTrigger, RegistrationJobType } from '#libs/contracts';

/** A cluster as an observation of its smart agent meets it: assignment, latest job, and the state stored before. */
export interface ObservationBasisRow {
  id: string;
  customer_id: string;
  type: ClusterType;
  virtual_account: string | null;
  smart_account_id: string | null;
  status: ClusterStatus | null;
  trigger: JobTrigger | null;
  last_job_id: string | null;
  job_type: RegistrationJobType | null;
  job_trigger: JobTrigger | null;
  job_status: JobStatus | null;
  job_completed_at: Date | null;
  job_virtual_account: string | null;
  checked_at: Date | null;
  observed_status: ClusterStatus | null;
  basis_job_id: string | null;
  observed_virtual_account: string | null;
  observed_smart_account_id: string | null;
}

/** One observation as stored: the state read, and the Cluster Summary status it gives against `basis_job_id`. */
export interface AgentStateRow {
  cluster_id: string;
  agent: unknown;
  checked_at: string;
  status: ClusterStatus | null;
  source: 'application' | 'job' | null;
  description: string | null;
  recommended_action: string | null;
  virtual_account: string | null;
  virtual_account_id: string | null;
  smart_account: string | null;
  smart_account_id: string | null;
  basis_job_id: string | null;
}

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
    const rows: ObservationBasisRow[] = await m.query(
      `SELECT c.id, c.customer_id, c.type, r.virtual_account, r.smart_account_id, r.status, r.trigger, r.last_job_id,
         lj.job_type, lj.trigger AS job_trigger, lj.status AS job_status, lj.completed_at AS job_completed_at, lj.params->>'virtualAccount' AS job_virtual_account,
         o.checked_at, o.status AS observed_status, o.basis_job_id, o.virtual_account AS observed_virtual_account, o.smart_account_id AS observed_smart_account_id
       FROM cluster c
       LEFT JOIN cluster_registration r ON r.cluster_id = c.id
       LEFT JOIN job lj ON lj.id = r.last_job_id
       LEFT JOIN cluster_agent_state o ON o.cluster_id = c.id
       WHERE c.id = ANY($1::text[]) AND c.deleted_at IS NULL`,
      [clusterIds],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** When stored observations were read, for clusters the inventory does not know (yet). */
  async checkedAt(m: EntityManager, clusterIds: string[]): Promise<Map<string, Date>> {
    const rows: { cluster_id: string; checked_at: Date }[] = await m.query(
      'SELECT cluster_id, checked_at FROM cluster_agent_state WHERE cluster_id = ANY($1::text[]) AND checked_at IS NOT NULL',
      [clusterIds],
    );
    return new Map(rows.map((r) => [r.cluster_id, r.checked_at]));
  }

  /**
   * Virtual accounts by the names a smart agent reports (smart account name or domain, VA name), when exactly one
   * known virtual account matches; keyed by {@link vaKey}.
   */
  async resolveVirtualAccounts(m: EntityManager, names: { smartAccount: string | null; virtualAccount: string }[]): Promise<Map<string, ResolvedVirtualAccount>> {
    if (!names.length) return new Map();
    const rows: { sa: string | null; va: string; id: string; smart_account_id: string; smart_account_name: string | null; n: string }[] = await m.query(
      `SELECT u.sa, u.va, min(va.id) AS id, min(va.smart_account_id) AS smart_account_id, min(COALESCE(sa.name, va.smart_account_name)) AS smart_account_name, count(*) AS n
       FROM unnest($1::text[], $2::text[]) AS u(sa, va)
       JOIN virtual_account va ON va.name = u.va AND va.removed_at IS NULL
       LEFT JOIN smart_account sa ON sa.id = va.smart_account_id
       WHERE u.sa IS NULL OR u.sa IN (sa.name, sa.domain, va.smart_account_name, va.smart_account_domain)
       GROUP BY u.sa, u.va`,
      [names.map((n) => n.smartAccount), names.map((n) => n.virtualAccount)],
    );
    const resolved = new Map<string, ResolvedVirtualAccount>();
    for (const r of rows) if (Number(r.n) === 1) resolved.set(vaKey(r.sa, r.va), { id: r.id, smartAccountId: r.smart_account_id, smartAccountName: r.smart_account_name });
    return resolved;
  }

  /** Stores observations newer than the stored ones (a successful read clears the last refresh error). */
  async save(m: EntityManager, rows: AgentStateRow[]): Promise<void> {
    if (!rows.length) return;
    await m.query(
      `INSERT INTO cluster_agent_state AS o (cluster_id, agent, checked_at, status, source, description, recommended_action, virtual_account, virtual_account_id,
         smart_account, smart_account_id, basis_job_id)
       SELECT r.cluster_id, r.agent, r.checked_at, r.status, r.source, r.description, r.recommended_action, r.virtual_account, r.virtual_account_id,
         r.smart_account, r.smart_account_id, r.basis_job_id
       FROM jsonb_to_recordset($1::jsonb) AS r(cluster_id text, agent jsonb, checked_at timestamptz, status text, source text, description text,
         recommended_action text, virtual_account text, virtual_account_id text, smart_account text, smart_account_id text, basis_job_id uuid)
       ON CONFLICT (cluster_id) DO UPDATE SET agent = excluded.agent, checked_at = excluded.checked_at, status = excluded.status, source = excluded.source,
         description = excluded.description, recommended_action = excluded.recommended_action, virtual_account = excluded.virtual_account,
         virtual_account_id = excluded.virtual_account_id, smart_account = excluded.smart_account, smart_account_id = excluded.smart_account_id,
         basis_job_id = excluded.basis_job_id, refresh_error = NULL, updated_at = now()
       WHERE o.checked_at IS NULL OR excluded.checked_at > o.checked_at`,
      [JSON.stringify(rows)],
    );
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
