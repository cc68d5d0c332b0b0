import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The license mode a cluster runs in, from its virtual account or auto-registration.
 */
@Entity({ name: 'cluster_license_mode' })
export class ClusterLicenseMode {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @Column({ name: 'application_type', type: 'text' })
  applicationType!: string;

  @Column({ type: 'text' })
  mode!: string;

  @Column({ name: 'previous_mode', type: 'text', nullable: true })
  previousMode!: string | null;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;
}
