import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Prime License Manager instances (guide: "License Management"): registration owns them and the PLM assignments;
 * app-adapter keeps their connections (the OS admin password sealed there, never here). A hostname is added once.
 */
export class LicenseManagers1764303500000 implements MigrationInterface {
  name = 'LicenseManagers1764303500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE license_manager (
      id uuid PRIMARY KEY,
      hostname text NOT NULL,
      port integer NOT NULL,
      username text NOT NULL,
      version text,
      license_mode text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE UNIQUE INDEX license_manager_hostname ON license_manager (lower(hostname))');
    // A customer is assigned to one License Manager, then its clusters each (guide: License Management).
    await q.query(`CREATE TABLE plm_customer_assignment (
      customer_id text PRIMARY KEY,
      license_manager_id uuid NOT NULL REFERENCES license_manager (id),
      assigned_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX plm_customer_assignment_lm ON plm_customer_assignment (license_manager_id)');
    // A cluster's PLM assignment from its Assign Cluster to PLM job on, until its Unassign Cluster from PLM job succeeds.
    await q.query(`CREATE TABLE plm_cluster_assignment (
      cluster_id text PRIMARY KEY,
      license_manager_id uuid NOT NULL REFERENCES license_manager (id),
      customer_id text NOT NULL,
      status text NOT NULL,
      last_job_id uuid,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX plm_cluster_assignment_lm ON plm_cluster_assignment (license_manager_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE plm_cluster_assignment');
    await q.query('DROP TABLE plm_customer_assignment');
    await q.query('DROP TABLE license_manager');
  }
}
