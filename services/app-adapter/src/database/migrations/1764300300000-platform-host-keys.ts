import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The SSH host key each application node presented first (trust on first use for the platform CLI). */
export class PlatformHostKeys1764300300000 implements MigrationInterface {
  name = 'PlatformHostKeys1764300300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE platform_host_key (
      address text NOT NULL,
      port integer NOT NULL,
      key_type text NOT NULL,
      fingerprint text NOT NULL,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (address, port)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE platform_host_key');
  }
}
