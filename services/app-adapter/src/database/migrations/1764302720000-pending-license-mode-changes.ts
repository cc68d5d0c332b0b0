import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A license mode change in flight on a publisher, one row per cluster: written before `setDeploymentMode`, moved to
 * `restarting` once the set succeeded, removed after the verify. A change found here after a crash is resumed: a
 * `setting` one reads the mode before setting it again, a `restarting` one owes the publisher its restart.
 */
export class PendingLicenseModeChanges1764302720000 implements MigrationInterface {
  name = 'PendingLicenseModeChanges1764302720000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE pending_license_mode_change (
      cluster_id text PRIMARY KEY,
      application_type text NOT NULL,
      node text NOT NULL,
      target_mode text NOT NULL CONSTRAINT pending_license_mode_change_target_mode_check CHECK (target_mode IN ('HCS', 'Enterprise')),
      previous_mode text NOT NULL CONSTRAINT pending_license_mode_change_previous_mode_check CHECK (previous_mode IN ('HCS', 'Enterprise')),
      step text NOT NULL CONSTRAINT pending_license_mode_change_step_check CHECK (step IN ('setting', 'restarting')),
      change_id uuid NOT NULL,
      started_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE pending_license_mode_change');
  }
}
