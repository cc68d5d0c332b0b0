import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A row of `outbox` (MessagingTables migration): an event written in the transaction of the change it reports, and
 * published by the relay. Registered in every service's data source.
 */
@Entity({ name: 'outbox' })
// Partial index the migration owns (unpublished rows only).
@Index('outbox_unpublished', { synchronize: false })
// Partial index on published rows for retention's prune (MessagingPruneIndexes).
@Index('outbox_published', { synchronize: false })
export class OutboxMessage {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ type: 'jsonb', default: {} })
  headers!: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
