import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SmartAccountUpserted } from '#libs/contracts';

/**
 * A smart account as sync announces it, with its operational license settings for auto-registration.
 */
@Entity({ name: 'smart_account' })
export class SmartAccount {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  domain!: string | null;

  @Column({ type: 'text', default: 'CSSM' })
  type!: string;

  @Column({ name: 'transport_mode', type: 'text', default: 'Direct' })
  transportMode!: string;

  @Column({ name: 'satellite_registration_url', type: 'text', nullable: true })
  satelliteRegistrationUrl!: string | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'operational_licenses', type: 'jsonb', nullable: true })
  operationalLicenses!: SmartAccountUpserted['operationalLicenses'] | null;

  @Column({ name: 'auto_registration_since', type: 'timestamptz', nullable: true })
  autoRegistrationSince!: Date | null;

  @Column({ name: 'settings_fingerprint', type: 'text', nullable: true })
  settingsFingerprint!: string | null;

  @Column({ name: 'settings_occurred_at', type: 'timestamptz', nullable: true })
  settingsOccurredAt!: Date | null;
}
