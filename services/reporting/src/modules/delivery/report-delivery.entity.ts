import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReportType } from '#libs/contracts';

export interface SftpServerSettings {
  host: string;
  port: number;
  username: string;
  directory: string;
  authentication: 'password' | 'privateKey';
}

export interface DeliverySettings {
  primary: SftpServerSettings;
  backup: SftpServerSettings | null;
  reportTypes: ReportType[];
  intervalMinutes: number;
  enabled: boolean;
}

/**
 * The one SFTP delivery configuration (HCM-F's Service Inventory: primary and optional backup server), the row of
 * `report_delivery`. The secrets are ciphertexts (libs/secrets), never returned.
 */
@Entity({ name: 'report_delivery' })
@Check('report_delivery_id_check', 'id = 1')
export class ReportDelivery {
  /** Always 1: one configuration. */
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id!: number;

  @Column({ type: 'jsonb' })
  settings!: DeliverySettings;

  @Column({ name: 'primary_secret', type: 'text' })
  primarySecret!: string;

  @Column({ name: 'backup_secret', type: 'text', nullable: true })
  backupSecret!: string | null;

  @Column({ name: 'next_run_at', type: 'timestamptz', nullable: true })
  nextRunAt!: Date | null;

  @Column({ name: 'last_run_at', type: 'timestamptz', nullable: true })
  lastRunAt!: Date | null;

  @Column({ name: 'last_result', type: 'text', nullable: true })
  lastResult!: string | null;
}
