import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A cluster of a UC application this replica serves, with its nodes and sealed credentials (provisioning events'
 * projection) and provisioned proxy.
 */
@Entity({ name: 'endpoint' })
export class Endpoint {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'application_type', type: 'text' })
  applicationType!: string;

  @Column({ name: 'cluster_type', type: 'text' })
  clusterType!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'jsonb' })
  nodes!: unknown;

  @Column({ name: 'credentials_ciphertext', type: 'text', nullable: true })
  credentialsCiphertext!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  tls!: unknown;

  @Column({ type: 'bigint', nullable: true })
  revision!: string | null;

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  proxy!: unknown;

  @Column({ name: 'proxy_password_ciphertext', type: 'text', nullable: true })
  proxyPasswordCiphertext!: string | null;
}
