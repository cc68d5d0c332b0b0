import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { PLM_CLUSTER_STATUSES } from '#libs/contracts';
import { LicenseManagerEntity } from './license-manager.entity.js';

/** A customer assigned to a Prime License Manager (guide: assign the customer to PLM before its clusters). */
@Entity({ name: 'plm_customer_assignment' })
@Index('plm_customer_assignment_lm', { synchronize: false })
export class PlmCustomerAssignmentEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'license_manager_id', type: 'uuid' })
  licenseManagerId!: string;

  // The migration's foreign key, under the name Postgres gave it.
  @ManyToOne(() => LicenseManagerEntity, { nullable: false })
  @JoinColumn({ name: 'license_manager_id', foreignKeyConstraintName: 'plm_customer_assignment_license_manager_id_fkey' })
  licenseManager?: LicenseManagerEntity;

  @Column({ name: 'assigned_at', type: 'timestamptz', default: () => 'now()' })
  assignedAt!: Date;
}

/** A cluster's PLM assignment, from its Assign Cluster to PLM job on until its Unassign Cluster from PLM job succeeds. */
@Entity({ name: 'plm_cluster_assignment' })
@Index('plm_cluster_assignment_lm', { synchronize: false })
export class PlmClusterAssignmentEntity {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @Column({ name: 'license_manager_id', type: 'uuid' })
  licenseManagerId!: string;

  @ManyToOne(() => LicenseManagerEntity, { nullable: false })
  @JoinColumn({ name: 'license_manager_id', foreignKeyConstraintName: 'plm_cluster_assignment_license_manager_id_fkey' })
  licenseManager?: LicenseManagerEntity;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'text' })
  status!: (typeof PLM_CLUSTER_STATUSES)[number];

  @Column({ name: 'last_job_id', type: 'uuid', nullable: true })
  lastJobId!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
