import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { ClusterStatus, JobTrigger, SmartAccountUpserted, smartAccountRemovedSchema } from '#libs/contracts';
import { queryReturning, selectAs } from '#libs/persistence';
import { ClusterAssignment } from '../../database/cluster-assignment.entity.js';
import { Cluster } from '../../database/cluster.entity.js';
import { SmartAccount } from '../../database/smart-account.entity.js';
import type { VirtualAccount } from '../../database/virtual-account.entity.js';
import type { ClusterFacts } from '../assignment/assignment.rules.js';
import { CLUSTER_FACTS_COLUMNS, toClusterFacts, type ClusterFactsRow } from '../assignment/cluster-facts.row.js';

export type OperationalLicenses = SmartAccountUpserted['operationalLicenses'];
export type SmartAccountRemoved = z.infer<typeof smartAccountRemovedSchema>;

const STORED_FIELDS = ['id', 'operationalLicenses', 'autoRegistrationSince', 'settingsFingerprint'] as const;

/** A smart account's operational-license settings as registration last projected them. */
export type StoredOperationalLicenses = Pick<SmartAccount, (typeof STORED_FIELDS)[number]>;

/** Where auto-registration registers clusters: the operational VA of the smart account that has it on. */
export interface AutoRegistrationTarget {
  smartAccountId: string;
  operationalVirtualAccount: string;
  since: Date;
  /** The VA as sync announced it; null until the first sync has brought it. */
  virtualAccount: { id: string; smartAccountId: string; name: string; satelliteRegistrationUrl: string | null } | null;
}

export interface AutoRegistrationCandidate extends ClusterFacts {
  registration: { virtualAccountId: string | null; status: ClusterStatus | null; trigger: JobTrigger | null } | null;
}

export interface AutoRegisteredCluster {
  clusterId: string;
  name: string;
  customerId: string;
  type: ClusterFacts['type'];
}

/** A cluster's facts with its assignment, if any (LEFT JOIN: all null without one). */
type CandidateRow = ClusterFactsRow & Pick<ClusterAssignment, 'virtualAccountId' | 'status' | 'trigger'>;

/** Which clusters an enrolment looks at: all of them, or these clusters and those of these customers. */
export type EnrolmentScope = { kind: 'all' } | { kind: 'some'; clusterIds: string[]; customerIds: string[] };

const scopeParams = (scope: EnrolmentScope): [boolean, string[], string[]] => (scope.kind === 'all' ? [true, [], []] : [false, scope.clusterIds, scope.customerIds]);
const IN_SCOPE = (c: string) => `($1::boolean OR ${c}.id = ANY($2::text[]) OR ${c}.customer_id = ANY($3::text[]))`;

/** The auto-registration queries of the registration schema. */
@Injectable()
export class AutoRegistrationRepository {
  async stored(m: EntityManager, smartAccountId: string): Promise<StoredOperationalLicenses | undefined> {
    const rows: StoredOperationalLicenses[] = await m.query(`SELECT ${selectAs(SmartAccount, STORED_FIELDS)} FROM smart_account WHERE id = $1 AND removed_at IS NULL FOR UPDATE`, [
      smartAccountId,
    ]);
    return rows[0];
  }

  /** A removed smart account stays removed: sync gives a re-added one a new id, and its events may be handled out of order. */
  async removeSmartAccount(m: EntityManager, sa: { id: string; name: string; domain: string; type: string }): Promise<void> {
    await m.query(
      `INSERT INTO smart_account (id, name, domain, type, removed_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (id) DO UPDATE SET removed_at = now(), updated_at = now()`,
      [sa.id, sa.name, sa.domain, sa.type],
    );
  }

  /**
   * Serialises the events of one smart account (they may be handled concurrently) and tells whether this one is stale:
   * the account was removed, or a newer settings event was applied already.
   */
  async lockSmartAccount(m: EntityManager, smartAccountId: string, occurredAt: string): Promise<{ stale: boolean }> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`smart-account:${smartAccountId}`]);
    const rows: unknown[] = await m.query('SELECT 1 FROM smart_account WHERE id = $1 AND (removed_at IS NOT NULL OR settings_occurred_at > $2::timestamptz)', [
      smartAccountId,
      occurredAt,
    ]);
    return { stale: rows.length > 0 };
  }

  async saveOperationalLicenses(m: EntityManager, smartAccountId: string, ol: OperationalLicenses, since: Date | null, settingsFingerprint: string, occurredAt: string): Promise<void> {
    await m.query('UPDATE smart_account SET operational_licenses = $2, auto_registration_since = $3, settings_fingerprint = $4, settings_occurred_at = $5 WHERE id = $1', [
      smartAccountId,
      JSON.stringify(ol),
      since,
      settingsFingerprint,
      occurredAt,
    ]);
  }

  /**
   * The smart account with auto-registration on and its operational VA. Sync allows one Direct/Proxy account with
   * operational licenses and one satellite with auto-registration; a satellite that has it on registers the clusters
   * (guide: "disable if you are using Satellite" on the Direct or Proxy account).
   */
  async target(m: EntityManager): Promise<AutoRegistrationTarget | undefined> {
    // The smart account (`sa`) with its operational VA's name (from its settings) and the VA (`va`, outer-joined).
    const rows: (Pick<SmartAccount, 'id' | 'satelliteRegistrationUrl'> & {
      operationalVa: string;
      /** When auto-registration was turned on, else the account's last change. */
      since: SmartAccount['updatedAt'];
      vaId: VirtualAccount['id'] | null;
      vaName: VirtualAccount['name'] | null;
    })[] = await m.query(
      `SELECT sa.id, sa.operational_licenses->>'operationalVirtualAccount' AS "operationalVa", COALESCE(sa.auto_registration_since, sa.updated_at) AS since,
         ${selectAs(SmartAccount, ['satelliteRegistrationUrl'], 'sa')}, va.id AS "vaId", va.name AS "vaName"
       FROM smart_account sa
       LEFT JOIN virtual_account va ON va.smart_account_id = sa.id AND va.name = sa.operational_licenses->>'operationalVirtualAccount' AND va.removed_at IS NULL
       WHERE sa.removed_at IS NULL AND (sa.operational_licenses->>'autoRegistration')::boolean AND sa.operational_licenses->>'operationalVirtualAccount' IS NOT NULL
       ORDER BY (sa.type = 'Satellite') DESC, sa.updated_at DESC LIMIT 1`,
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      smartAccountId: r.id,
      operationalVirtualAccount: r.operationalVa,
      since: r.since,
      virtualAccount: r.vaId ? { id: r.vaId, smartAccountId: r.id, name: r.vaName!, satelliteRegistrationUrl: r.satelliteRegistrationUrl } : null,
    };
  }

  /**
   * Clusters auto-registration should (re-)register, locked: live, of a known customer, unassigned (a failed
   * auto-registration leaves the cluster unassigned), with no job running, and not unassigned or reassigned by hand
   * since auto-registration was enabled. The clusters are locked first, then read in a fresh statement, so two
   * enrolments of the same cluster at once cannot both see it free.
   */
  async candidates(m: EntityManager, scope: EnrolmentScope, since: Date): Promise<AutoRegistrationCandidate[]> {
    const [all, ids, customerIds] = scopeParams(scope);
    await m.query(`SELECT id FROM cluster c WHERE deleted_at IS NULL AND ${IN_SCOPE('c')} ORDER BY id FOR UPDATE`, [all, ids, customerIds]);
    const rows: CandidateRow[] = await m.query(
      `SELECT ${CLUSTER_FACTS_COLUMNS}, ${selectAs(ClusterAssignment, ['virtualAccountId', 'status', 'trigger'], 'r')}
       FROM cluster c
       JOIN customer cu ON cu.id = c.customer_id AND cu.deleted_at IS NULL
       LEFT JOIN cluster_registration r ON r.cluster_id = c.id
       WHERE c.deleted_at IS NULL AND ${IN_SCOPE('c')}
         AND r.virtual_account_id IS NULL AND r.status IS DISTINCT FROM 'Multiple Virtual Account Registered'
         AND NOT EXISTS (SELECT 1 FROM job j WHERE j.entity_id = c.id AND j.status IN ('Queued', 'In Progress'))
         AND NOT EXISTS (SELECT 1 FROM job j WHERE j.entity_id = c.id AND j.trigger = 'manual' AND j.job_type IN ('Assign Cluster', 'Unassign Cluster')
                         AND j.error_code IS NULL AND j.initiated_at >= $4)
       ORDER BY c.id`,
      [all, ids, customerIds, since],
    );
    return rows.map((r) => ({
      ...toClusterFacts(r),
      registration: r.virtualAccountId || r.status || r.trigger ? { virtualAccountId: r.virtualAccountId, status: r.status, trigger: r.trigger } : null,
    }));
  }

  /** Clusters auto-registration put on a virtual account (to move them when the operational VA changes), locked, with no job running. */
  async autoRegisteredTo(m: EntityManager, virtualAccountId: string): Promise<AutoRegisteredCluster[]> {
    await m.query(
      `SELECT c.id FROM cluster c JOIN cluster_registration r ON r.cluster_id = c.id WHERE r.virtual_account_id = $1 AND r.trigger = 'auto' ORDER BY c.id FOR UPDATE OF c`,
      [virtualAccountId],
    );
    const rows: Pick<Cluster, 'id' | 'name' | 'customerId' | 'type'>[] = await m.query(
      `SELECT ${selectAs(Cluster, ['id', 'name', 'customerId', 'type'], 'c')} FROM cluster c JOIN cluster_registration r ON r.cluster_id = c.id
       WHERE r.virtual_account_id = $1 AND r.trigger = 'auto' AND c.deleted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM job j WHERE j.entity_id = c.id AND j.status IN ('Queued', 'In Progress'))
       ORDER BY c.id`,
      [virtualAccountId],
    );
    return rows.map((r) => ({ clusterId: r.id, name: r.name, customerId: r.customerId, type: r.type }));
  }

  /**
   * A failed auto-registration keeps its status and code but leaves the virtual account: it does not count there
   * (clusters#, the transport-change refusal of a smart account being corrected), and the next trigger retries it.
   */
  async leaveFailed(m: EntityManager, items: { clusterId: string; jobId: string }[]): Promise<void> {
    if (!items.length) return;
    await m.query(
      `INSERT INTO cluster_registration (cluster_id, status, trigger, last_job_id)
       SELECT u.cluster_id, 'Auto Registration Failed', 'auto', u.job_id FROM unnest($1::text[], $2::uuid[]) AS u(cluster_id, job_id)
       ON CONFLICT (cluster_id) DO UPDATE SET virtual_account_id = NULL, smart_account_id = NULL, virtual_account = NULL,
         status = 'Auto Registration Failed', trigger = 'auto', last_job_id = excluded.last_job_id, updated_at = now()`,
      [items.map((i) => i.clusterId), items.map((i) => i.jobId)],
    );
  }

  /** The same when the job failed while running, unless a newer job of the cluster has started since. */
  async leaveFailedJob(m: EntityManager, clusterId: string, jobId: string): Promise<boolean> {
    const rows = await queryReturning(
      m,
      `UPDATE cluster_registration SET virtual_account_id = NULL, smart_account_id = NULL, virtual_account = NULL, updated_at = now()
       WHERE cluster_id = $1 AND last_job_id = $2 AND status = 'Auto Registration Failed' RETURNING cluster_id`,
      [clusterId, jobId],
    );
    return rows.length === 1;
  }

  /** The virtual account a smart account's VA name designates (live). */
  async virtualAccountNamed(m: EntityManager, smartAccountId: string, name: string): Promise<{ id: string; smartAccountId: string; name: string } | undefined> {
    const rows: Pick<VirtualAccount, 'id'>[] = await m.query('SELECT id FROM virtual_account WHERE smart_account_id = $1 AND name = $2 AND removed_at IS NULL', [smartAccountId, name]);
    return rows[0] ? { id: rows[0].id, smartAccountId, name } : undefined;
  }
}
