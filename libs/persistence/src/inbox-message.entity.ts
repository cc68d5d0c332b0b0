import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of `inbox` (MessagingTables migration): a message a consumer has handled, so a redelivery is skipped. */
@Entity({ name: 'inbox' })
export class InboxMessage {
  @PrimaryColumn({ type: 'text' })
  consumer!: string;

  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
