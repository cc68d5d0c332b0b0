import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a PLM-licensed cluster consumes of one license type. */
@Entity({ name: 'plm_cluster_license' })
export class PlmClusterLicense {
  @PrimaryColumn({ name: 'license_manager_id', type: 'text' })
  licenseManagerId!: string;

  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @PrimaryColumn({ name: 'license_type', type: 'text' })
  licenseType!: string;

  @Column({ type: 'integer' })
  count!: number;
}
