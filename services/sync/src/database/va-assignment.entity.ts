import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many clusters are assigned to a virtual account, projected from registration's events (highest version kept).
 */
@Entity({ name: 'va_assignment' })
export class VaAssignment {
  @PrimaryColumn({ name: 'smart_account_id', type: 'text' })
  smartAccountId!: string;

  @PrimaryColumn({ name: 'virtual_account', type: 'text' })
  virtualAccount!: string;

  @Column({ type: 'int' })
  clusters!: number;

  @Column({ type: 'int' })
  customers!: number;

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;

  @Column({ type: 'bigint', nullable: true })
  version!: string | null;
}
