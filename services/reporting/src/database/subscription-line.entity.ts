import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A subscription line of a smart account as sync's events report it (read model).
 */
@Entity({ name: 'subscription_line' })
export class SubscriptionLine {
  @PrimaryColumn({ name: 'subscription_id', type: 'text' })
  subscriptionId!: string;

  @PrimaryColumn({ name: 'smart_account_id', type: 'text' })
  smartAccountId!: string;

  @PrimaryColumn({ name: 'virtual_account', type: 'text' })
  virtualAccount!: string;

  @PrimaryColumn({ type: 'text' })
  license!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ name: 'license_type', type: 'text' })
  licenseType!: string;

  @Column({ name: 'billing_type', type: 'text', nullable: true })
  billingType!: string | null;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate!: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  @Column({ type: 'text', nullable: true })
  status!: string | null;

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;
}
