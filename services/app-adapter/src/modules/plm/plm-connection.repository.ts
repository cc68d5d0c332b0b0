import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { columnList, selectAs } from '#libs/persistence';
import { PlmConnection } from '../../database/plm-connection.entity.js';

const FIELDS = ['licenseManagerId', 'hostname', 'port', 'username', 'passwordCiphertext', 'tls', 'version', 'apiVersion'] as const;

/** A License Manager's connection as stored (all but when it changed). */
export type PlmConnectionRow = Pick<PlmConnection, (typeof FIELDS)[number]>;

/** The connection of each License Manager (the password sealed by CredentialVault). */
@Injectable()
export class PlmConnectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(licenseManagerId: string): Promise<PlmConnectionRow | null> {
    const rows: PlmConnectionRow[] = await this.dataSource.query(`SELECT ${selectAs(PlmConnection, FIELDS)} FROM plm_connection WHERE license_manager_id = $1`, [licenseManagerId]);
    return rows[0] ?? null;
  }

  async upsert(row: PlmConnectionRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO plm_connection (${columnList(PlmConnection, FIELDS)})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (license_manager_id) DO UPDATE SET hostname = excluded.hostname, port = excluded.port, username = excluded.username,
         password_ciphertext = excluded.password_ciphertext, tls = excluded.tls, version = excluded.version, api_version = excluded.api_version, updated_at = now()`,
      [row.licenseManagerId, row.hostname, row.port, row.username, row.passwordCiphertext, row.tls === null ? null : JSON.stringify(row.tls), row.version, row.apiVersion],
    );
  }

  async delete(licenseManagerId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM plm_connection WHERE license_manager_id = $1', [licenseManagerId]);
  }
}
