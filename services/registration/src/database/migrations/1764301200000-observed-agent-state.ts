import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isEligibleForSmartLicensing, type ClusterType } from '#libs/contracts';

/**
 * The live Cluster Summary (guide: "View Cluster Summary"):
 * - `cluster.eligible`: whether the guide's Cluster Summary lists the cluster (UC applications 12.5 and later,
 *   Expressway X12.6 and later in smart licensing mode), written with the inventory so filters and paging run in SQL;
 * - `cluster_agent_state`: the smart agent's state as app-adapter last read it (status events, status refreshes),
 *   with the Cluster Summary status it gives against the cluster's latest job (`basis_job_id`): it is shown only while
 *   that job is still the latest one;
 * - `status_refresh` and `status_refresh_schedule`: refreshes asked for (schedule, operators) and the shared schedule
 *   replicas claim, so one replica runs each scheduled refresh.
 */
export class ObservedAgentState1764301200000 implements MigrationInterface {
  name = 'ObservedAgentState1764301200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cluster ADD COLUMN eligible boolean NOT NULL DEFAULT false');
    const clusters: { id: string; type: ClusterType; version: string; licensing: 'smart' | 'pak' }[] = await q.query('SELECT id, type, version, licensing FROM cluster');
    const eligible = clusters.filter((c) => isEligibleForSmartLicensing(c.type, c.version, c.licensing)).map((c) => c.id);
    if (eligible.length) await q.query('UPDATE cluster SET eligible = true WHERE id = ANY($1::text[])', [eligible]);
    await q.query('CREATE INDEX cluster_listed ON cluster (eligible, name) WHERE deleted_at IS NULL');

    await q.query(`CREATE TABLE cluster_agent_state (
      cluster_id text PRIMARY KEY,
      agent jsonb,
      checked_at timestamptz,
      status text,
      source text,
      description text,
      recommended_action text,
      virtual_account text,
      virtual_account_id text,
      smart_account text,
      smart_account_id text,
      basis_job_id uuid,
      refresh_error jsonb,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE status_refresh (
      id uuid PRIMARY KEY,
      trigger text NOT NULL,
      filter jsonb,
      cluster_ids text[] NOT NULL,
      skipped jsonb NOT NULL DEFAULT '[]',
      refreshed integer NOT NULL DEFAULT 0,
      failed integer NOT NULL DEFAULT 0,
      failures jsonb NOT NULL DEFAULT '[]',
      requested_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz
    )`);
    await q.query('CREATE INDEX status_refresh_requested ON status_refresh (requested_at DESC)');
    // One row: the last scheduled run (the first one is due one interval after this migration) and its lease.
    await q.query(`CREATE TABLE status_refresh_schedule (
      id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      last_run_at timestamptz NOT NULL DEFAULT now(),
      jitter_ms integer NOT NULL DEFAULT 0,
      locked_by text,
      locked_until timestamptz
    )`);
    await q.query('INSERT INTO status_refresh_schedule DEFAULT VALUES');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE status_refresh_schedule');
    await q.query('DROP TABLE status_refresh');
    await q.query('DROP TABLE cluster_agent_state');
    await q.query('DROP INDEX cluster_listed');
    await q.query('ALTER TABLE cluster DROP COLUMN eligible');
  }
}
