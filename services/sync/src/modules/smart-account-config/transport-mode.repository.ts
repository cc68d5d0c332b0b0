import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectAs } from '#libs/persistence';
import { TransportMode } from '../../database/transport-mode.entity.js';

/** The global Transport Mode; `proxyPassword` is a ciphertext; `updatedAt` null for the default before any is saved. */
export type TransportModeRow = Pick<TransportMode, 'transportMode' | 'authenticationGateway' | 'cssmServer' | 'proxy' | 'proxyPassword'> & { updatedAt: Date | null };

const COLUMNS = selectAs(TransportMode, ['transportMode', 'authenticationGateway', 'cssmServer', 'proxy', 'proxyPassword', 'updatedAt']);

/** The one row of the global Transport Mode page. */
@Injectable()
export class TransportModeRepository {
  /** The row, locked when a change (update) or a copy of it (share) must not race another change. */
  async get(m: EntityManager, lock?: 'share' | 'update'): Promise<TransportModeRow | undefined> {
    const rows: TransportModeRow[] = await m.query(`SELECT ${COLUMNS} FROM transport_mode WHERE id = 1${lock === 'update' ? ' FOR UPDATE' : lock === 'share' ? ' FOR SHARE' : ''}`);
    return rows[0];
  }

  async set(m: EntityManager, row: Omit<TransportModeRow, 'updatedAt'>): Promise<void> {
    await m.query(
      `INSERT INTO transport_mode (id, transport_mode, authentication_gateway, cssm_server, proxy, proxy_password) VALUES (1, $1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET transport_mode = excluded.transport_mode, authentication_gateway = excluded.authentication_gateway,
         cssm_server = excluded.cssm_server, proxy = excluded.proxy, proxy_password = excluded.proxy_password, updated_at = now()`,
      [row.transportMode, row.authenticationGateway, row.cssmServer, row.proxy ? JSON.stringify(row.proxy) : null, row.proxyPassword],
    );
  }
}
