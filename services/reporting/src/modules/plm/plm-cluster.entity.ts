import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A UC cluster licensed through a Prime License Manager. */
@Entity({ name: 'plm_cluster' })
export class PlmCluster {
  @PrimaryColumn({ name: 'license_manager_id', type: 'text' })
  licenseManagerId!: string;

  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  version!: string;
}
