import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import type { LicenseLine } from '#libs/contracts';
import { SmartAccount } from './smart-account.entity.js';

/**
 * A virtual account's licenses as CSSM answered at the last sync (local copy).
 */
@Entity({ name: 'license_snapshot' })
@ForeignKey(() => SmartAccount, ['smart_account_id'], ['id'], { name: 'license_snapshot_smart_account_id_fkey', onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
export class LicenseSnapshot {
  @PrimaryColumn({ name: 'smart_account_id', type: 'uuid' })
  smartAccountId!: string;

  @PrimaryColumn({ name: 'virtual_account', type: 'text' })
  virtualAccount!: string;

  @Column({ type: 'jsonb' })
  licenses!: LicenseLine[];

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'synced_at', type: 'timestamptz' })
  syncedAt!: Date;
}
