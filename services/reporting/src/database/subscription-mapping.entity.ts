import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LicenseModel } from '#libs/contracts';

/**
 * The Subscription Mapper's own mapping of a subscription line, apart from synced data so it survives every sync.
 */
@Entity({ name: 'subscription_mapping' })
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('subscription_mapping_customer', { synchronize: false })
export class SubscriptionMapping {
  @PrimaryColumn({ name: 'subscription_id', type: 'text' })
  subscriptionId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'license_model', type: 'text' })
  licenseModel!: LicenseModel;

  @Column({ name: 'mapped_at', type: 'timestamptz', default: () => 'now()' })
  mappedAt!: Date;
}
