import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { LicenseMode } from '#libs/contracts';

/**
 * The license mode of a virtual account (guide: "License Mode": HCS, HCS-LE, ...).
 */
@Entity({ name: 'va_license_mode' })
@Check('va_license_mode_mode_check', `(mode = ANY (ARRAY['HCS'::text, 'Enterprise'::text]))`)
export class VaLicenseMode {
  @PrimaryColumn({ name: 'smart_account_id', type: 'text' })
  smartAccountId!: string;

  @PrimaryColumn({ name: 'virtual_account', type: 'text' })
  virtualAccount!: string;

  @Column({ type: 'text', nullable: true })
  mode!: LicenseMode | null;

  @Column({ name: 'assigned_clusters', type: 'int', default: 0 })
  assignedClusters!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'auto_registered_clusters', type: 'int', default: 0 })
  autoRegisteredClusters!: number;

  @Column({ name: 'assignments_version', type: 'bigint', nullable: true })
  assignmentsVersion!: string | null;
}
