import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Operator audit log: every mutation through the REST API. */
export class AuditLog1764300300000 implements MigrationInterface {
  name = 'AuditLog1764300300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      roles text[] NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      status int NOT NULL,
      trace_id text,
      detail jsonb
    )`);
    await q.query('CREATE INDEX audit_log_at ON audit_log (at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_log');
  }
}
