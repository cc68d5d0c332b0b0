import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApplicationType } from '#libs/contracts';

/**
 * The scheduled license usage collection of an application type: the next run every replica reads and one claims.
 */
@Entity({ name: 'usage_collection_schedule' })
export class UsageCollectionSchedule {
  @PrimaryColumn({ name: 'application_type', type: 'text' })
  applicationType!: ApplicationType;

  @Column({ name: 'next_run_at', type: 'timestamptz' })
  nextRunAt!: Date;

  @Column({ name: 'last_started_at', type: 'timestamptz', nullable: true })
  lastStartedAt!: Date | null;

  @Column({ name: 'last_finished_at', type: 'timestamptz', nullable: true })
  lastFinishedAt!: Date | null;

  @Column({ name: 'last_result', type: 'jsonb', nullable: true })
  lastResult!: unknown;
}
