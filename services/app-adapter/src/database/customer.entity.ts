import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProxyColumn } from '../modules/endpoint-inventory/endpoint.repository.js';

/**
 * A customer's provisioned proxy (host, port, user; the password sealed like the cluster credentials), handed to
 * the smart agent when a transport names it.
 */
@Entity({ name: 'customer' })
export class Customer {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'jsonb', nullable: true })
  proxy!: ProxyColumn | null;

  @Column({ name: 'proxy_password_ciphertext', type: 'text', nullable: true })
  proxyPasswordCiphertext!: string | null;

  @Column({ type: 'bigint', nullable: true })
  revision!: string | null;

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
