import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last usage report of a cluster (when and how it was collected).
 */
@Entity({ name: 'license_usage_report' })
export class LicenseUsageReport {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @Column({ name: 'collected_at', type: 'timestamptz' })
  collectedAt!: Date;
}
