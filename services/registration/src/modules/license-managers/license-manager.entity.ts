import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LicenseMode } from '#libs/contracts';

/**
 * A row of `license_manager`: one Prime License Manager instance. The one definition of the row (the repository
 * reads and writes it through TypeORM; `e2e/entities-match-migrations` proves it matches the migration). Its
 * connection (the OS admin password sealed) is app-adapter's `plm_connection`.
 */
@Entity({ name: 'license_manager' })
// Unique on lower(hostname): an expression index TypeORM's decorators cannot express, the migration owns it.
@Index('license_manager_hostname', { synchronize: false })
export class LicenseManagerEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  hostname!: string;

  @Column({ type: 'integer' })
  port!: number;

  @Column({ type: 'text' })
  username!: string;

  /** PLM's version as it answered when last validated. */
  @Column({ type: 'text', nullable: true })
  version!: string | null;

  @Column({ name: 'license_mode', type: 'text', nullable: true })
  licenseMode!: LicenseMode | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
