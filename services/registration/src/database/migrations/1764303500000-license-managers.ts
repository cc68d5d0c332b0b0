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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE license_manager');
  }
}
