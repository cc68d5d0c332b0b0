import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReportRun as ReportRunView, ReportType } from '#libs/contracts';

/**
 * A report run (guide: "Reports"): what was asked, its state and where its content is.
 */
@Entity({ name: 'report_run' })
export class ReportRun {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  type!: ReportType;

  @Column({ type: 'text' })
  status!: ReportRunView['status'];

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ type: 'bigint', nullable: true })
  bytes!: string | null;

  @Column({ type: 'int', nullable: true })
  chunks!: number | null;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'status_info', type: 'text', nullable: true })
  statusInfo!: string | null;
}
