import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What CSSM answered when the ordered and operational VA names were checked at save time, before the smart account
 * ever synced: confirmed, or why they could not be checked yet (a Smart Account Summary alert until the first sync).
 */
export class OperationalVaCheck1764301300000 implements MigrationInterface {
  name = 'OperationalVaCheck1764301300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE smart_account ADD COLUMN operational_va_check jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE smart_account DROP COLUMN operational_va_check');
  }
}
