import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Smart accounts that follow the global Transport Mode (configured without a transport of their own): their transport
 * columns hold a copy of the global settings, rewritten in the transaction that changes them.
 */
export class InheritedTransport1764302720000 implements MigrationInterface {
  name = 'InheritedTransport1764302720000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE smart_account ADD COLUMN transport_inherited boolean NOT NULL DEFAULT false');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE smart_account DROP COLUMN transport_inherited');
  }
}
