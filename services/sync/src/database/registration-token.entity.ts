import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { SmartAccount } from './smart-account.entity.js';

/**
 * A product registration token of a virtual account (guide: the token a cluster registers with), encrypted.
 */
@Entity({ name: 'registration_token' })
@ForeignKey(() => SmartAccount, ['smart_account_id'], ['id'], { name: 'registration_token_smart_account_id_fkey', onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('registration_token_va', { synchronize: false })
export class RegistrationToken {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'smart_account_id', type: 'uuid' })
  smartAccountId!: string;

  @Column({ name: 'virtual_account', type: 'text' })
  virtualAccount!: string;

  @Column({ type: 'text' })
  token!: string;

  @Column({ name: 'export_controlled', type: 'boolean' })
  exportControlled!: boolean;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'synced_at', type: 'timestamptz' })
  syncedAt!: Date;
}
