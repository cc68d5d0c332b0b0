import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProxyRecord } from './cluster.entity.js';

/**
 * A customer of HCM-F's inventory (provisioning events' projection).
 */
@Entity({ name: 'customer' })
export class Customer {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb', nullable: true })
  proxy!: ProxyRecord | null;

  @Column({ type: 'bigint', nullable: true })
  revision!: string | null;

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'proxy_fingerprint', type: 'text', nullable: true })
  proxyFingerprint!: string | null;
}
