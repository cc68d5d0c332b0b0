import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import { SmartAccount } from './smart-account.entity.js';

/**
 * A virtual account of a smart account as CSSM answered at the last sync (local copy).
 */
@Entity({ name: 'virtual_account' })
@ForeignKey(() => SmartAccount, ['smart_account_id'], ['id'], { name: 'virtual_account_smart_account_id_fkey', onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
@Unique('virtual_account_smart_account_id_name_key', ['smartAccountId', 'name'])
export class VirtualAccount {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'smart_account_id', type: 'uuid' })
  smartAccountId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'access_level', type: 'text' })
  accessLevel!: string;

  @Column({ name: 'is_default', type: 'boolean' })
  isDefault!: boolean;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ name: 'synced_at', type: 'timestamptz' })
  syncedAt!: Date;
}
