import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which operational VA auto-registration targets for a smart account (projection of sync's smart accounts).
 */
@Entity({ name: 'smart_account_auto_registration' })
export class SmartAccountAutoRegistration {
  @PrimaryColumn({ name: 'smart_account_id', type: 'text' })
  smartAccountId!: string;

  @Column({ name: 'operational_virtual_account', type: 'text', nullable: true })
  operationalVirtualAccount!: string | null;

  @Column({ name: 'auto_registration', type: 'boolean' })
  autoRegistration!: boolean;

  @Column({ name: 'settings_occurred_at', type: 'timestamptz' })
  settingsOccurredAt!: Date;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;
}
