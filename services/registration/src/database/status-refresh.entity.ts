import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ClusterFilter, StatusRefresh as StatusRefreshView } from '#libs/contracts';

/**
 * A refresh of clusters' smart agent status asked for by the schedule or an operator.
 */
@Entity({ name: 'status_refresh' })
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('status_refresh_requested', { synchronize: false })
export class StatusRefresh {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  trigger!: StatusRefreshView['trigger'];

  @Column({ type: 'jsonb', nullable: true })
  filter!: ClusterFilter | { clusterId: string };

  @Column({ name: 'cluster_ids', type: 'text', array: true })
  clusterIds!: string[];

  @Column({ type: 'jsonb', default: [] })
  skipped!: StatusRefreshView['skipped'];

  @Column({ type: 'int', default: 0 })
  refreshed!: number;

  @Column({ type: 'int', default: 0 })
  failed!: number;

  @Column({ type: 'jsonb', default: [] })
  failures!: StatusRefreshView['failures'];

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
