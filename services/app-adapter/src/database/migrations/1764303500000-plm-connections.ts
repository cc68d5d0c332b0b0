import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The connection of each Prime License Manager (registration owns the instance; app-adapter is the only one that talks
 * to PLM): where it is, its OS admin user, the password sealed like the cluster credentials, and what it answered
 * when last validated.
 */
export class PlmConnections1764303500000 implements MigrationInterface {
  name = 'PlmConnections1764303500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE plm_connection (
      license_manager_id text PRIMARY KEY,
      hostname text NOT NULL,
      port integer NOT NULL,
      username text NOT NULL,
      password_ciphertext text NOT NULL,
      tls jsonb,
      version text NOT NULL,
      api_version text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE plm_connection');
  }
}
