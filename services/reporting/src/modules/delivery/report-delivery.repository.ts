import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { queryReturning } from '#libs/persistence';
import { ReportDelivery, type DeliverySettings } from './report-delivery.entity.js';

export type { DeliverySettings, SftpServerSettings } from './report-delivery.entity.js';

/** The columns of `ReportDelivery` under its property names, for the statements written by hand. */
const AS_ENTITY = `id, settings, primary_secret AS "primarySecret", backup_secret AS "backupSecret", next_run_at AS "nextRunAt", last_run_at AS "lastRunAt", last_result AS "lastResult"`;

/** The one SFTP delivery configuration (HCM-F's Service Inventory: primary and optional backup server). */
@Injectable()
export class ReportDeliveryRepository {
  private readonly rows: Repository<ReportDelivery>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(ReportDelivery);
  }

  async get(): Promise<ReportDelivery | undefined> {
    return (await this.rows.findOneBy({ id: 1 })) ?? undefined;
  }

  /** Saves the configuration; the next run comes one interval from now (Postgres' clock, as `claimDue` reads it). */
  async save(settings: DeliverySettings, primarySecret: string, backupSecret: string | null): Promise<ReportDelivery> {
    const rows = await queryReturning<ReportDelivery>(
      this.rows.manager,
      `INSERT INTO report_delivery (id, settings, primary_secret, backup_secret, next_run_at) VALUES (1, $1, $2, $3, now() + make_interval(mins => $4))
       ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, primary_secret = excluded.primary_secret, backup_secret = excluded.backup_secret,
         next_run_at = excluded.next_run_at RETURNING ${AS_ENTITY}`,
      [JSON.stringify(settings), primarySecret, backupSecret, settings.intervalMinutes],
    );
    return rows[0]!;
  }

  /** Claims the scheduled run when it is due (one replica wins) and moves the schedule on. */
  async claimDue(): Promise<boolean> {
    const rows = await queryReturning<Pick<ReportDelivery, 'id'>>(
      this.rows.manager,
      `UPDATE report_delivery SET next_run_at = now() + make_interval(mins => (settings->>'intervalMinutes')::int)
       WHERE id = 1 AND (settings->>'enabled')::boolean AND next_run_at <= now() RETURNING id`,
    );
    return rows.length === 1;
  }

  async recordResult(result: string): Promise<void> {
    await this.rows.update({ id: 1 }, { lastRunAt: () => 'now()', lastResult: result });
  }
}
