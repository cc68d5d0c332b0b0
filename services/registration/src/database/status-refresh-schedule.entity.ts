import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The one shared schedule of status refreshes replicas claim, so one replica runs each scheduled refresh.
 */
@Entity({ name: 'status_refresh_schedule' })
@Check('status_refresh_schedule_id_check', `(id = 1)`)
export class StatusRefreshSchedule {
  @PrimaryColumn({ type: 'int', default: 1 })
  id!: number;

  @Column({ name: 'last_run_at', type: 'timestamptz', default: () => 'now()' })
  lastRunAt!: Date;

  @Column({ name: 'jitter_ms', type: 'int', default: 0 })
  jitterMs!: number;

  @Column({ name: 'locked_by', type: 'text', nullable: true })
  lockedBy!: string | null;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
