import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Prime License Managers as registration reports them (`plm-inventory.reported`): per License Manager its licenses,
 * its customers and its clusters with their usage, for the PLM rows of Service Inventory, HLM and the dashboard.
 * No foreign keys: a report replaces a License Manager's rows in one transaction, and a removed one keeps its
 * `plm_license_manager` row as a tombstone (`removed_at`) so that a late report cannot bring it back.
 */
export class PlmReadModels1764400170000 implements MigrationInterface {
  name = 'PlmReadModels1764400170000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE plm_license_manager (
      id text PRIMARY KEY,
      hostname text NOT NULL,
      version text,
      license_mode text,
      reported_at timestamptz NOT NULL,
      removed_at timestamptz
    )`);
    await q.query(`CREATE TABLE plm_license (
      license_manager_id text NOT NULL,
      license_type text NOT NULL,
      installed integer NOT NULL,
      required integer NOT NULL,
      available integer NOT NULL,
      PRIMARY KEY (license_manager_id, license_type)
    )`);
    await q.query(`CREATE TABLE plm_customer (
      license_manager_id text NOT NULL,
      customer_id text NOT NULL,
      PRIMARY KEY (license_manager_id, customer_id)
    )`);
    await q.query(`CREATE TABLE plm_cluster (
      license_manager_id text NOT NULL,
      cluster_id text NOT NULL,
      customer_id text NOT NULL,
      type text NOT NULL,
      version text NOT NULL,
      PRIMARY KEY (license_manager_id, cluster_id)
    )`);
    await q.query(`CREATE TABLE plm_cluster_license (
      license_manager_id text NOT NULL,
      cluster_id text NOT NULL,
      license_type text NOT NULL,
      count integer NOT NULL,
      PRIMARY KEY (license_manager_id, cluster_id, license_type)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['plm_cluster_license', 'plm_cluster', 'plm_customer', 'plm_license', 'plm_license_manager']) await q.query(`DROP TABLE ${t}`);
  }
}
