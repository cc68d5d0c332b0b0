import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A customer as the inventory events report it (read model for the reports).
 */
@Entity({ name: 'customer' })
export class Customer {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;
}
