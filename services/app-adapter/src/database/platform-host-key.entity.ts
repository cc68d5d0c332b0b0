import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The SSH host key of a node's platform CLI, pinned at first contact.
 */
@Entity({ name: 'platform_host_key' })
export class PlatformHostKey {
  @PrimaryColumn({ type: 'text' })
  address!: string;

  @PrimaryColumn({ type: 'int' })
  port!: number;

  @Column({ name: 'key_type', type: 'text' })
  keyType!: string;

  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ name: 'first_seen_at', type: 'timestamptz', default: () => 'now()' })
  firstSeenAt!: Date;
}
