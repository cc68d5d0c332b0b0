import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReportType } from '#libs/contracts';
import { queryReturning } from '#libs/persistence';

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

export interface DeliveryRow {
  settings: DeliverySettings;
  primary_secret: string;
  backup_secret: string | null;
  next_run_at: Date | null;
  last_run_at: Date | null;
  last_result: string | null;
}

/** The one SFTP delivery configuration (HCM-F's Service Inventory: primary and optional backup server). */
@Injectable()
export class ReportDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(): Promise<DeliveryRow | undefined> {
    const rows: DeliveryRow[] = await this.dataSource.query('SELECT * FROM report_delivery WHERE id = 1');
    return rows[0];
  }

  async save(settings: DeliverySettings, primarySecret: string, backupSecret: string | null): Promise<DeliveryRow> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `INSERT INTO report_delivery (id, settings, primary_secret, backup_secret, next_run_at) VALUES (1, $1, $2, $3, now() + make_interval(mins => $4))
       ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, primary_secret = excluded.primary_secret, backup_secret = excluded.backup_secret,
         next_run_at = excluded.next_run_at RETURNING *`,
      [JSON.stringify(settings), primarySecret, backupSecret, settings.intervalMinutes],
    );
    return rows[0]!;
  }

  /** Claims the scheduled run when it is due (one replica wins) and moves the schedule on. */
  async claimDue(): Promise<boolean> {
    const rows = await queryReturning(
      this.dataSource,
      `UPDATE report_delivery SET next_run_at = now() + make_interval(mins => (settings->>'intervalMinutes')::int)
       WHERE id = 1 AND (settings->>'enabled')::boolean AND next_run_at <= now() RETURNING id`,
    );
    return rows.length === 1;
  }

  async recordResult(result: string): Promise<void> {
    await this.dataSource.query('UPDATE report_delivery SET last_run_at = now(), last_result = $1 WHERE id = 1', [result]);
  }
}
