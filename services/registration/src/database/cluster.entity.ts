import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ClusterType } from '#libs/contracts';

/** A node as provisioned (no credentials: they stay in app-adapter). */
export interface ClusterNodeRecord {
  hostname: string;
  address: string;
  port: number | null;
  publisher: boolean;
}

/** A proxy as provisioned, without its password: its user, and whether it has one. */
export interface ProxyRecord {
  host: string;
  port: number;
  username: string | null;
  hasPassword: boolean;
}

/**
 * A cluster of HCM-F's inventory (provisioning events' projection): its applications, nodes, credentials
 * presence and whether the Cluster Summary lists it (`eligible`).
 */
@Entity({ name: 'cluster' })
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('cluster_customer', { synchronize: false })
@Index('cluster_listed', { synchronize: false })
export class Cluster {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  type!: ClusterType;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'text', default: 'smart' })
  licensing!: 'smart' | 'pak';

  @Column({ type: 'jsonb' })
  nodes!: ClusterNodeRecord[];

  @Column({ name: 'has_admin_credentials', type: 'boolean' })
  hasAdminCredentials!: boolean;

  @Column({ name: 'has_platform_credentials', type: 'boolean' })
  hasPlatformCredentials!: boolean;

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

  @Column({ name: 'credentials_fingerprint', type: 'text', nullable: true })
  credentialsFingerprint!: string | null;

  @Column({ type: 'boolean', default: false })
  eligible!: boolean;
}
