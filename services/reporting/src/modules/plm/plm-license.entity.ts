import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One license type of a Prime License Manager: installed, required (by its clusters) and available counts. */
@Entity({ name: 'plm_license' })
export class PlmLicense {
  @PrimaryColumn({ name: 'license_manager_id', type: 'text' })
  licenseManagerId!: string;

  @PrimaryColumn({ name: 'license_type', type: 'text' })
  licenseType!: string;

  @Column({ type: 'integer' })
  installed!: number;

  @Column({ type: 'integer' })
  required!: number;

  @Column({ type: 'integer' })
  available!: number;
}
