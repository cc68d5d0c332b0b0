import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface PlmConnectionRow {
  license_manager_id: string;
  hostname: string;
  port: number;
  username: string;
  password_ciphertext: string;
  tls: { caPem?: string; insecureSkipVerify?: boolean } | null;
  version: string;
  api_version: string;
}

/** The connection of each License Manager (the password sealed by CredentialVault). */
@Injectable()
export class PlmConnectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(licenseManagerId: string): Promise<PlmConnectionRow | null> {
    const rows: PlmConnectionRow[] = await this.dataSource.query('SELECT * FROM plm_connection WHERE license_manager_id = $1', [licenseManagerId]);
    return rows[0] ?? null;
  }

  async upsert(row: PlmConnectionRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO plm_connection (license_manager_id, hostname, port, username, password_ciphertext, tls, version, api_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (license_manager_id) DO UPDATE SET hostname = excluded.hostname, port = excluded.port, username = excluded.username,
         password_ciphertext = excluded.password_ciphertext, tls = excluded.tls, version = excluded.version, api_version = excluded.api_version, updated_at = now()`,
      [row.license_manager_id, row.hostname, row.port, row.username, row.password_ciphertext, row.tls === null ? null : JSON.stringify(row.tls), row.version, row.api_version],
    );
  }

  async delete(licenseManagerId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM plm_connection WHERE license_manager_id = $1', [licenseManagerId]);
  }
}
