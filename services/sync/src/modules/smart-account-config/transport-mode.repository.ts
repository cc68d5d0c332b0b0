import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProxyColumn } from '../smart-accounts/smart-account.repository.js';

export interface TransportModeRow {
  transport_mode: 'Direct' | 'Proxy';
  authentication_gateway: string;
  cssm_server: string;
  proxy: ProxyColumn | null;
  proxy_password: string | null;
  updated_at: Date | null;
}

/** The one row of the global Transport Mode page. */
@Injectable()
export class TransportModeRepository {
  /** The row, locked when a change (update) or a copy of it (share) must not race another change. */
  async get(m: EntityManager, lock?: 'share' | 'update'): Promise<TransportModeRow | undefined> {
    const rows: TransportModeRow[] = await m.query(`SELECT * FROM transport_mode WHERE id = 1${lock === 'update' ? ' FOR UPDATE' : lock === 'share' ? ' FOR SHARE' : ''}`);
    return rows[0];
  }

  async set(m: EntityManager, row: Omit<TransportModeRow, 'updated_at'>): Promise<void> {
    await m.query(
      `INSERT INTO transport_mode (id, transport_mode, authentication_gateway, cssm_server, proxy, proxy_password) VALUES (1, $1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET transport_mode = excluded.transport_mode, authentication_gateway = excluded.authentication_gateway,
         cssm_server = excluded.cssm_server, proxy = excluded.proxy, proxy_password = excluded.proxy_password, updated_at = now()`,
      [row.transport_mode, row.authentication_gateway, row.cssm_server, row.proxy ? JSON.stringify(row.proxy) : null, row.proxy_password],
    );
  }
}
