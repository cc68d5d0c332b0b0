import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ClusterStatus, JobTrigger } from '#libs/contracts';

/**
 * A cluster's assignment to a virtual account and its Cluster Summary status (guide: "Assign Clusters"): the row
 * the cluster jobs move through the states.
 */
@Entity({ name: 'cluster_registration' })
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('cluster_registration_auto', { synchronize: false })
@Index('cluster_registration_va', { synchronize: false })
export class ClusterAssignment {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @Column({ name: 'virtual_account_id', type: 'text', nullable: true })
  virtualAccountId!: string | null;

  @Column({ name: 'smart_account_id', type: 'text', nullable: true })
  smartAccountId!: string | null;

  @Column({ name: 'virtual_account', type: 'text', nullable: true })
  virtualAccount!: string | null;

  @Column({ type: 'text', nullable: true })
  status!: ClusterStatus | null;

  @Column({ type: 'text', nullable: true })
  trigger!: JobTrigger | null;

  @Column({ name: 'last_job_id', type: 'uuid', nullable: true })
  lastJobId!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
