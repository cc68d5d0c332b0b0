import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A virtual account as sync announces it, with its assignment counts (projection).
 */
@Entity({ name: 'virtual_account' })
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('virtual_account_name', { synchronize: false })
export class VirtualAccount {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'smart_account_id', type: 'text' })
  smartAccountId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
