import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LicenseMode } from '#libs/contracts';

/**
 * A virtual account as sync announces it (projection of sync's events).
 */
@Entity({ name: 'virtual_account' })
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('virtual_account_name', { synchronize: false })
export class VirtualAccount {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'smart_account_id', type: 'text' })
  smartAccountId!: string;

  @Column({ name: 'smart_account_name', type: 'text', nullable: true })
  smartAccountName!: string | null;

  @Column({ name: 'smart_account_domain', type: 'text', nullable: true })
  smartAccountDomain!: string | null;

  @Column({ name: 'smart_account_type', type: 'text', nullable: true })
  smartAccountType!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'access_level', type: 'text', nullable: true })
  accessLevel!: string | null;

  @Column({ name: 'license_mode', type: 'text', nullable: true })
  licenseMode!: LicenseMode | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
