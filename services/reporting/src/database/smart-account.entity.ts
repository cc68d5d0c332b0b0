import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A smart account as sync's events report it (read model).
 */
@Entity({ name: 'smart_account' })
export class SmartAccount {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  domain!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'local_account', type: 'text', nullable: true })
  localAccount!: string | null;

  @Column({ name: 'ordered_virtual_account', type: 'text', nullable: true })
  orderedVirtualAccount!: string | null;

  @Column({ name: 'operational_virtual_account', type: 'text', nullable: true })
  operationalVirtualAccount!: string | null;

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;
}
