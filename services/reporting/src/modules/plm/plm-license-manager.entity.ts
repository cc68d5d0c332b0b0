import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A Prime License Manager as its latest `plm-inventory.reported` describes it; `removedAt` marks a deleted one. */
@Entity({ name: 'plm_license_manager' })
export class PlmLicenseManager {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  /** Hostname or address: the LM of PLM rows in Service Inventory and HLM. */
  @Column({ type: 'text' })
  hostname!: string;

  @Column({ type: 'text', nullable: true })
  version!: string | null;

  @Column({ name: 'license_mode', type: 'text', nullable: true })
  licenseMode!: string | null;

  /** The reportedAt of the report the rows come from: an older report never replaces them. */
  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;
}
