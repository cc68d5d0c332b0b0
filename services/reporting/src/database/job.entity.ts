import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A job of any service (registration's cluster jobs, sync's jobs) as its events report it: the Job Status report.
 */
@Entity({ name: 'job' })
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('job_initiated', { synchronize: false })
export class Job {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  service!: string;

  @Column({ type: 'jsonb' })
  job!: unknown;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: string;

  @Column({ name: 'initiated_at', type: 'timestamptz' })
  initiatedAt!: Date;

  @Column({ name: 'source_occurred_at', type: 'timestamptz' })
  sourceOccurredAt!: Date;
}
