import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The proxies provisioned for clusters and customers (host, port, user; the password sealed like the cluster
 * credentials), so that app-adapter hands the smart agent the credentials of the proxy a transport.set names: they
 * never travel on the bus between services.
 */
export class ProvisionedProxies1764302710000 implements MigrationInterface {
  name = 'ProvisionedProxies1764302710000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE endpoint ADD COLUMN proxy jsonb, ADD COLUMN proxy_password_ciphertext text');
    await q.query(`CREATE TABLE customer (
      customer_id text PRIMARY KEY,
      proxy jsonb,
      proxy_password_ciphertext text,
      revision bigint,
      source_occurred_at timestamptz NOT NULL,
      deleted_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customer');
    await q.query('ALTER TABLE endpoint DROP COLUMN proxy_password_ciphertext, DROP COLUMN proxy');
  }
}
