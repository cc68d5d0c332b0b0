import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ClusterStatus, ObservedAgentState } from '#libs/contracts';
import type { ObservedAgent, ObservedStatus } from '../modules/agent-state/observed-status.js';

/**
 * The smart agent's state as app-adapter last read it, and the Cluster Summary status it gives against the cluster's
 * latest job (`basis_job_id`).
 */
@Entity({ name: 'cluster_agent_state' })
export class ClusterAgentState {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  /** The state read, but for when (`checked_at`). */
  @Column({ type: 'jsonb', nullable: true })
  agent!: Omit<ObservedAgent, 'checkedAt'> | null;

  @Column({ name: 'checked_at', type: 'timestamptz', nullable: true })
  checkedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  status!: ClusterStatus | null;

  @Column({ type: 'text', nullable: true })
  source!: ObservedStatus['source'] | null;

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
  refreshError!: ObservedAgentState['refreshError'];

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
