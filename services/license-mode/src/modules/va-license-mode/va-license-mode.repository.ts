import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LicenseMode } from '#libs/contracts';

export interface VaLicenseModeRow {
  smartAccountId: string;
  virtualAccount: string;
  virtualAccountId: string | null;
  mode: LicenseMode | null;
  assignedClusters: number;
}

interface Row {
  smart_account_id: string;
  virtual_account: string;
  virtual_account_id: string | null;
  mode: LicenseMode | null;
  assigned_clusters: number | null;
}

const toRow = (r: Row): VaLicenseModeRow => ({
  smartAccountId: r.smart_account_id,
  virtualAccount: r.virtual_account,
  virtualAccountId: r.virtual_account_id,
  mode: r.mode,
  assignedClusters: r.assigned_clusters ?? 0,
});

/** VA projection (from sync), VA license modes and assigned-cluster counts (from registration). */
@Injectable()
export class VaLicenseModeRepository {
  async upsertVirtualAccount(m: EntityManager, va: { id: string; smartAccountId: string; name: string }): Promise<void> {
    await m.query(
      `INSERT INTO virtual_account (id, smart_account_id, name) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET smart_account_id = excluded.smart_account_id, name = excluded.name, removed_at = NULL, updated_at = now()`,
      [va.id, va.smartAccountId, va.name],
    );
  }

  async removeVirtualAccount(m: EntityManager, id: string): Promise<void> {
    await m.query('UPDATE virtual_account SET removed_at = now(), updated_at = now() WHERE id = $1', [id]);
  }

  /** The VA by id (sync's) or by smart account and name; undefined when sync never reported it or removed it. */
  async find(m: EntityManager, ref: { virtualAccountId: string } | { smartAccountId: string; virtualAccount: string }, lock = false): Promise<VaLicenseModeRow | undefined> {
    const byId = 'virtualAccountId' in ref;
    const rows: Row[] = await m.query(
      `SELECT va.smart_account_id, va.name AS virtual_account, va.id AS virtual_account_id, lm.mode, lm.assigned_clusters
       FROM virtual_account va LEFT JOIN va_license_mode lm ON lm.smart_account_id = va.smart_account_id AND lm.virtual_account = va.name
       WHERE va.removed_at IS NULL AND ${byId ? 'va.id = $1' : 'va.smart_account_id = $1 AND va.name = $2'}
       ${lock ? 'FOR UPDATE OF va' : ''}`,
      byId ? [ref.virtualAccountId] : [ref.smartAccountId, ref.virtualAccount],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async setMode(m: EntityManager, smartAccountId: string, virtualAccount: string, mode: LicenseMode): Promise<void> {
    await m.query(
      `INSERT INTO va_license_mode (smart_account_id, virtual_account, mode) VALUES ($1, $2, $3)
       ON CONFLICT (smart_account_id, virtual_account) DO UPDATE SET mode = excluded.mode, updated_at = now()`,
      [smartAccountId, virtualAccount, mode],
    );
  }

  async setAssignedClusters(m: EntityManager, smartAccountId: string, virtualAccount: string, clusters: number): Promise<void> {
    await m.query(
      `INSERT INTO va_license_mode (smart_account_id, virtual_account, assigned_clusters) VALUES ($1, $2, $3)
       ON CONFLICT (smart_account_id, virtual_account) DO UPDATE SET assigned_clusters = excluded.assigned_clusters, updated_at = now()`,
      [smartAccountId, virtualAccount, clusters],
    );
  }
}
