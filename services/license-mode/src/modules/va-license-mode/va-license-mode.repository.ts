import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LicenseMode } from '#libs/contracts';
import { selectAs } from '#libs/persistence';
import { VaLicenseMode } from '../../database/va-license-mode.entity.js';
import type { VirtualAccount } from '../../database/virtual-account.entity.js';
import type { VaModeState } from './va-license-mode.rules.js';

export interface VaLicenseModeRow extends VaModeState {
  smartAccountId: string;
  virtualAccount: string;
  virtualAccountId: string | null;
}

/** A VA (sync's projection) with its license mode row, absent until a mode or a count is set (LEFT JOIN). */
type Row = Pick<VaLicenseMode, 'smartAccountId' | 'virtualAccount'> & { virtualAccountId: VirtualAccount['id']; autoRegistrationTarget: boolean } & {
  [K in 'mode' | 'assignedClusters' | 'autoRegisteredClusters']: VaLicenseMode[K] | null;
};

const MODE_COLUMNS = selectAs(VaLicenseMode, ['mode', 'assignedClusters', 'autoRegisteredClusters'], 'lm');

const toRow = (r: Row): VaLicenseModeRow => ({
  smartAccountId: r.smartAccountId,
  virtualAccount: r.virtualAccount,
  virtualAccountId: r.virtualAccountId,
  mode: r.mode,
  assignedClusters: r.assignedClusters ?? 0,
  autoRegisteredClusters: r.autoRegisteredClusters ?? 0,
  autoRegistrationTarget: r.autoRegistrationTarget,
});

/** VA projection (from sync), VA license modes, assigned-cluster counts (from registration), auto-registration targets (from sync). */
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
      `SELECT va.smart_account_id AS "smartAccountId", va.name AS "virtualAccount", va.id AS "virtualAccountId", ${MODE_COLUMNS},
         EXISTS (SELECT 1 FROM smart_account_auto_registration t WHERE t.smart_account_id = va.smart_account_id AND t.operational_virtual_account = va.name
                 AND t.auto_registration AND t.removed_at IS NULL) AS "autoRegistrationTarget"
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

  /** registration's counts of a VA, unless a higher version of them was applied (concurrent jobs publish in any order). */
  async setAssignedClusters(m: EntityManager, smartAccountId: string, virtualAccount: string, counts: { clusters: number; autoRegistered: number; version?: number }): Promise<void> {
    await m.query(
      `INSERT INTO va_license_mode AS t (smart_account_id, virtual_account, assigned_clusters, auto_registered_clusters, assignments_version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (smart_account_id, virtual_account) DO UPDATE SET assigned_clusters = excluded.assigned_clusters,
         auto_registered_clusters = excluded.auto_registered_clusters, assignments_version = COALESCE(excluded.assignments_version, t.assignments_version), updated_at = now()
       WHERE excluded.assignments_version IS NULL OR t.assignments_version IS NULL OR excluded.assignments_version > t.assignments_version`,
      [smartAccountId, virtualAccount, counts.clusters, counts.autoRegistered, counts.version ?? null],
    );
  }

  /**
   * Whether (and to which operational VA) a smart account auto-registers clusters. Serialised per account; an event older
   * than the one applied, or one of a removed account, changes nothing (false).
   */
  async setAutoRegistration(m: EntityManager, sa: { id: string; operationalVirtualAccount: string | null; autoRegistration: boolean }, occurredAt: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO smart_account_auto_registration AS t (smart_account_id, operational_virtual_account, auto_registration, settings_occurred_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (smart_account_id) DO UPDATE SET operational_virtual_account = excluded.operational_virtual_account, auto_registration = excluded.auto_registration,
         settings_occurred_at = excluded.settings_occurred_at
       WHERE t.removed_at IS NULL AND t.settings_occurred_at <= excluded.settings_occurred_at
       RETURNING smart_account_id`,
      [sa.id, sa.operationalVirtualAccount, sa.autoRegistration, occurredAt],
    );
    return rows.length === 1;
  }

  /** A removed smart account stays removed (sync gives a re-added one a new id). */
  async removeSmartAccount(m: EntityManager, smartAccountId: string, occurredAt: string): Promise<void> {
    await m.query(
      `INSERT INTO smart_account_auto_registration (smart_account_id, auto_registration, settings_occurred_at, removed_at) VALUES ($1, false, $2, now())
       ON CONFLICT (smart_account_id) DO UPDATE SET auto_registration = false, removed_at = now()`,
      [smartAccountId, occurredAt],
    );
  }
}
