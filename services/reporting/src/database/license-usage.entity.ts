import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A cluster's usage of one license as app-adapter reported it; kept whether or not its cluster or license is known
 * (unmatched usage is shown, never dropped).
 */
@Entity({ name: 'license_usage' })
export class LicenseUsage {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @PrimaryColumn({ type: 'text' })
  license!: string;

  @Column({ type: 'int' })
  count!: number;

  @Column({ name: 'application_type', type: 'text' })
  applicationType!: string;

  @Column({ name: 'license_mode', type: 'text', nullable: true })
  licenseMode!: string | null;

  @Column({ name: 'collected_at', type: 'timestamptz' })
  collectedAt!: Date;
}
