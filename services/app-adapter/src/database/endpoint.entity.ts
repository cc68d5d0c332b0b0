import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProxyColumn } from '../modules/endpoint-inventory/endpoint.repository.js';
import type { ApplicationType } from '#libs/contracts';

/** A node of the cluster as provisioned (its publisher first to be tried). */
export interface EndpointNode {
  hostname: string;
  address: string;
  port: number | null;
  publisher: boolean;
}

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
  applicationType!: ApplicationType;

  @Column({ name: 'cluster_type', type: 'text' })
  clusterType!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'jsonb' })
  nodes!: EndpointNode[];

  @Column({ name: 'credentials_ciphertext', type: 'text', nullable: true })
  credentialsCiphertext!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  tls!: { caPem?: string; insecureSkipVerify?: boolean } | null;

  @Column({ type: 'bigint', nullable: true })
  revision!: string | null;

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  proxy!: ProxyColumn | null;

  @Column({ name: 'proxy_password_ciphertext', type: 'text', nullable: true })
  proxyPasswordCiphertext!: string | null;
}
