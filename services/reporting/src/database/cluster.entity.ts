import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A cluster as the inventory events report it (read model for the reports).
 */
@Entity({ name: 'cluster' })
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('cluster_customer', { synchronize: false })
@Index('cluster_va', { synchronize: false })
export class Cluster {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'text', nullable: true })
  publisher!: string | null;

  @Column({ name: 'smart_account_id', type: 'text', nullable: true })
  smartAccountId!: string | null;

  @Column({ name: 'virtual_account', type: 'text', nullable: true })
  virtualAccount!: string | null;

  @Column({ type: 'text', nullable: true })
  status!: string | null;

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;

  @Column({ name: 'status_occurred_at', type: 'timestamptz', nullable: true })
  statusOccurredAt!: Date | null;
}
