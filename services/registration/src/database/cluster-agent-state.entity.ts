import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The smart agent's state as app-adapter last read it, and the Cluster Summary status it gives against the cluster's
 * latest job (`basis_job_id`).
 */
@Entity({ name: 'cluster_agent_state' })
export class ClusterAgentState {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @Column({ type: 'jsonb', nullable: true })
  agent!: unknown;

  @Column({ name: 'checked_at', type: 'timestamptz', nullable: true })
  checkedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  status!: string | null;

  @Column({ type: 'text', nullable: true })
  source!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'recommended_action', type: 'text', nullable: true })
  recommendedAction!: string | null;

  @Column({ name: 'virtual_account', type: 'text', nullable: true })
  virtualAccount!: string | null;

  @Column({ name: 'virtual_account_id', type: 'text', nullable: true })
  virtualAccountId!: string | null;

  @Column({ name: 'smart_account', type: 'text', nullable: true })
  smartAccount!: string | null;

  @Column({ name: 'smart_account_id', type: 'text', nullable: true })
  smartAccountId!: string | null;

  @Column({ name: 'basis_job_id', type: 'uuid', nullable: true })
  basisJobId!: string | null;

  @Column({ name: 'refresh_error', type: 'jsonb', nullable: true })
  refreshError!: unknown;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
