import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SmartAccountType, SmartlicError, TransportMode } from '#libs/contracts';

/** A proxy in clear: where it is and its user (the password is a column of its own, encrypted). */
export interface ProxyColumn {
  host: string;
  port: number;
  username: string | null;
}

export interface SatelliteColumn {
  host: string;
  port: number;
  registrationUrl: string;
  tokenUrl: string;
  localAccount: string;
}

export interface OperationalLicensesColumn {
  opted: boolean;
  orderedVirtualAccount: string | null;
  operationalVirtualAccount: string | null;
  autoRegistration: boolean;
}

/** The ordered and operational VA names checked against CSSM when saved: confirmed (`error` null) or not checked yet. */
export interface OperationalVaCheck {
  names: string[];
  at: string;
  error: SmartlicError | null;
}

/**
 * A smart account (guide: "Configure Smart Account"): CSSM or SSM On-Prem credentials (client secret and proxy
 * password encrypted), its transport mode (own or inherited from the global Transport Mode) and operational license
 * settings.
 */
@Entity({ name: 'smart_account' })
@Check('smart_account_transport_mode_check', `(transport_mode = ANY (ARRAY['Direct'::text, 'Proxy'::text, 'Satellite'::text]))`)
@Check('smart_account_type_check', `(type = ANY (ARRAY['CSSM'::text, 'Satellite'::text]))`)
// Indexes the migrations own (partial, descending): the schema builder leaves them alone.
@Index('smart_account_next_sync', { synchronize: false })
@Index('smart_account_type_domain', { synchronize: false })
export class SmartAccount {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ name: 'cssm_name', type: 'text', nullable: true })
  cssmName!: string | null;

  @Column({ type: 'text' })
  domain!: string;

  @Column({ type: 'text' })
  type!: SmartAccountType;

  @Column({ name: 'transport_mode', type: 'text' })
  transportMode!: TransportMode;

  @Column({ name: 'authentication_gateway', type: 'text', nullable: true })
  authenticationGateway!: string | null;

  @Column({ name: 'cssm_server', type: 'text', nullable: true })
  cssmServer!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  proxy!: ProxyColumn | null;

  @Column({ name: 'proxy_password', type: 'text', nullable: true })
  /** Ciphertext (libs/secrets). */
  proxyPassword!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  satellite!: SatelliteColumn | null;

  @Column({ name: 'client_id', type: 'text' })
  clientId!: string;

  @Column({ name: 'client_secret', type: 'text' })
  /** Ciphertext (libs/secrets). */
  clientSecret!: string;

  @Column({ name: 'operational_licenses', type: 'jsonb' })
  operationalLicenses!: OperationalLicensesColumn;

  @Column({ name: 'sync_interval_seconds', type: 'int' })
  syncIntervalSeconds!: number;

  @Column({ name: 'next_sync_at', type: 'timestamptz', nullable: true })
  nextSyncAt!: Date | null;

  @Column({ name: 'cssm_status', type: 'text', nullable: true })
  cssmStatus!: string | null;

  @Column({ name: 'last_sync_at', type: 'timestamptz', nullable: true })
  lastSyncAt!: Date | null;

  @Column({ name: 'last_sync_status', type: 'text', default: 'Never Synced' })
  lastSyncStatus!: string;

  @Column({ name: 'last_sync_error', type: 'jsonb', nullable: true })
  lastSyncError!: SmartlicError | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'operational_va_check', type: 'jsonb', nullable: true })
  /** The ordered/operational VA names as CSSM confirmed them at save time, or why it could not (before the first sync). */
  operationalVaCheck!: OperationalVaCheck | null;

  @Column({ name: 'transport_inherited', type: 'boolean', default: false })
  /** Follows the global Transport Mode: the transport columns are a copy of it. */
  transportInherited!: boolean;
}
