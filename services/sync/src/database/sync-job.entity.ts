import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { SyncCounts, SyncJobView } from '#libs/contracts';
import { SmartAccount } from './smart-account.entity.js';

/**
 * A sync of a smart account with CSSM (one at a time per account, across replicas).
 */
@Entity({ name: 'sync_job' })
@ForeignKey(() => SmartAccount, ['smart_account_id'], ['id'], { name: 'sync_job_smart_account_id_fkey', onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('sync_job_account', { synchronize: false })
@Index('sync_job_one_running', { synchronize: false })
export class SyncJob {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'smart_account_id', type: 'uuid' })
  smartAccountId!: string;

  @Column({ name: 'entity_name', type: 'text' })
  entityName!: string;

  @Column({ type: 'text' })
  trigger!: SyncJobView['trigger'];

  @Column({ type: 'text' })
  status!: SyncJobView['status'];

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'recommended_action', type: 'text', nullable: true })
  recommendedAction!: string | null;

  @Column({ name: 'error_details', type: 'jsonb', nullable: true })
  errorDetails!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  counts!: SyncCounts | null;

  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs!: number | null;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  @Column({ name: 'initiated_at', type: 'timestamptz', default: () => 'now()' })
  initiatedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
