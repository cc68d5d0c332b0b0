import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A virtual account as sync's events report it (read model).
 */
@Entity({ name: 'virtual_account' })
export class VirtualAccount {
  @PrimaryColumn({ name: 'smart_account_id', type: 'text' })
  smartAccountId!: string;

  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  id!: string | null;

  @Column({ name: 'smart_account_name', type: 'text', nullable: true })
  smartAccountName!: string | null;

  @Column({ name: 'smart_account_domain', type: 'text', nullable: true })
  smartAccountDomain!: string | null;

  @Column({ name: 'smart_account_type', type: 'text', nullable: true })
  smartAccountType!: string | null;

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;
}
