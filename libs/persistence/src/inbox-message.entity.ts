import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A row of `inbox` (MessagingTables migration): a message a consumer has handled, so a redelivery is skipped. */
@Entity({ name: 'inbox' })
// Index for retention's prune, owned by the MessagingPruneIndexes migration.
@Index('inbox_received', { synchronize: false })
export class InboxMessage {
  @PrimaryColumn({ type: 'text' })
  consumer!: string;

  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
