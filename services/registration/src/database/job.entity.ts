import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JobStatus, JobTrigger, RegistrationJobType } from '#libs/contracts';
import type { ClusterJobContext, ClusterJobParams, JobStep } from '../modules/jobs/cluster-job.js';

/**
 * A cluster job (register, deregister, renew, ...): a persisted state machine a worker runs step by step under a lease.
 */
@Entity({ name: 'job' })
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('job_due_order', { synchronize: false })
@Index('job_entity', { synchronize: false })
@Index('job_initiated', { synchronize: false })
export class Job {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'job_type', type: 'text' })
  jobType!: RegistrationJobType;

  @Column({ name: 'entity_type', type: 'text', default: 'Cluster' })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId!: string;

  @Column({ name: 'entity_name', type: 'text' })
  entityName!: string;

  @Column({ type: 'text', default: 'manual' })
  trigger!: JobTrigger;

  @Column({ type: 'jsonb' })
  params!: ClusterJobParams;

  @Column({ type: 'text' })
  status!: JobStatus;

  @Column({ type: 'text' })
  step!: JobStep;

  @Column({ type: 'int', default: 0 })
  attempt!: number;

  @Column({ type: 'jsonb', default: {} })
  context!: ClusterJobContext;

  @Column({ name: 'next_run_at', type: 'timestamptz', default: () => 'now()' })
  nextRunAt!: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'locked_by', type: 'text', nullable: true })
  lockedBy!: string | null;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'status_info', type: 'text', nullable: true })
  statusInfo!: string | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'recommended_action', type: 'text', nullable: true })
  recommendedAction!: string | null;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  @Column({ name: 'initiated_at', type: 'timestamptz', default: () => 'now()' })
  initiatedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'trace_context', type: 'jsonb', nullable: true })
  traceContext!: Record<string, string> | null;
}
