import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApplicationType, LicenseMode } from '#libs/contracts';

/** `setting`: setDeploymentMode may or may not have reached the publisher; `restarting`: it did, the restart is owed. */
export type LicenseModeChangeStep = 'setting' | 'restarting';

/** A license mode change in flight on a cluster's publisher (migration 1764302720000), the crash-safe record of it. */
@Entity({ name: 'pending_license_mode_change' })
@Check('pending_license_mode_change_target_mode_check', `target_mode IN ('HCS', 'Enterprise')`)
@Check('pending_license_mode_change_previous_mode_check', `previous_mode IN ('HCS', 'Enterprise')`)
@Check('pending_license_mode_change_step_check', `step IN ('setting', 'restarting')`)
export class PendingLicenseModeChange {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @Column({ name: 'application_type', type: 'text' })
  applicationType!: ApplicationType;

  /** Hostname of the publisher the change is made on. */
  @Column({ type: 'text' })
  node!: string;

  @Column({ name: 'target_mode', type: 'text' })
  targetMode!: LicenseMode;

  @Column({ name: 'previous_mode', type: 'text' })
  previousMode!: LicenseMode;

  @Column({ type: 'text' })
  step!: LicenseModeChangeStep;

  /** Logged with every step of the change, so the attempt and its resumption read as one. */
  @Column({ name: 'change_id', type: 'uuid' })
  changeId!: string;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  /** The app-adapter process working on the change; null once released after a failure. */
  @Column({ type: 'text', nullable: true })
  owner!: string | null;

  /** Until when the owner's claim holds (renewed while it works); past it, another process resumes the change. */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;
}
