import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import type { Subscription as SubscriptionData } from '#libs/contracts';
import { SmartAccount } from './smart-account.entity.js';

/**
 * A subscription of a smart account as CSSM answered at the last sync (local copy).
 */
@Entity({ name: 'subscription' })
@ForeignKey(() => SmartAccount, ['smart_account_id'], ['id'], { name: 'subscription_smart_account_id_fkey', onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
export class Subscription {
  @PrimaryColumn({ name: 'smart_account_id', type: 'uuid' })
  smartAccountId!: string;

  @PrimaryColumn({ name: 'virtual_account', type: 'text' })
  virtualAccount!: string;

  @PrimaryColumn({ name: 'subscription_id', type: 'text' })
  subscriptionId!: string;

  @PrimaryColumn({ type: 'text' })
  license!: string;

  @Column({ type: 'jsonb' })
  data!: SubscriptionData;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ name: 'synced_at', type: 'timestamptz' })
  syncedAt!: Date;
}
