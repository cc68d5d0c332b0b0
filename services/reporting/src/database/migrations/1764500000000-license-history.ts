import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * License history for the License Dashboard's "purchased vs consumed over time" (issue 18): one row per scope (a
 * virtual account or a customer), license and day, upserted when a license snapshot or a usage report changes the
 * figures. The day index serves the retention prune.
 */
export class LicenseHistory1764500000000 implements MigrationInterface {
  name = 'LicenseHistory1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE license_history (
      scope text NOT NULL,
      scope_id text NOT NULL,
      day date NOT NULL,
      license text NOT NULL,
      scope_name text NOT NULL,
      purchased integer NOT NULL,
      consumed integer NOT NULL,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (scope, scope_id, day, license)
    )`);
    await q.query('CREATE INDEX license_history_day ON license_history (day)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE license_history');
  }
}
