import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {

  LICENSE_MODE_ERROR_CODES,
  LicenseModeEvents,
  SmartlicException,
  VA_LICENSE_MODE_LOCKED_REASON,
  type Envelope,
  type LicenseMode,
  type VaAssignments,
  type VaLicenseMode,
  type VirtualAccountRef,
} from '#libs/contracts';
import { claimInbox, enqueueEvent } from '#libs/messaging';
import { VaLicenseModeRepository, type VaLicenseModeRow } from './va-license-mode.repository.js';

const view = (row: VaLicenseModeRow): VaLicenseMode => ({
  virtualAccountId: row.virtualAccountId,
  smartAccountId: row.smartAccountId,
  virtualAccount: row.virtualAccount,
  mode: row.mode,
  assignedClusters: row.assignedClusters,
  editable: row.assignedClusters === 0,
  reason: row.assignedClusters === 0 ? null : VA_LICENSE_MODE_LOCKED_REASON,
});

/**
 * A virtual account's license mode (guide: "Virtual Account Summary"): set by an administrator on smartlic only,
 * required before a cluster can be assigned, and frozen while clusters are assigned.
 */
@Injectable()
export class VaLicenseModeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: VaLicenseModeRepository,
  ) {}

  async get(ref: VirtualAccountRef): Promise<VaLicenseMode> {
    return view(await this.require(this.dataSource.manager, ref));
  }

  async set(ref: VirtualAccountRef, mode: LicenseMode): Promise<VaLicenseMode> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.require(m, ref, true);
      if (row.mode === mode) return view(row);
      if (row.assignedClusters > 0) {
        throw new SmartlicException({
          code: LICENSE_MODE_ERROR_CODES.modeLocked,
          message: `${VA_LICENSE_MODE_LOCKED_REASON} (${row.assignedClusters} assigned)`,
          recommendedAction: 'Unassign the clusters from the virtual account, then change its license mode',
          details: { smartAccountId: row.smartAccountId, virtualAccount: row.virtualAccount, assignedClusters: row.assignedClusters },
        });
      }
      await this.repository.setMode(m, row.smartAccountId, row.virtualAccount, mode);
      await enqueueEvent(m, LicenseModeEvents.vaLicenseModeChanged, { smartAccountId: row.smartAccountId, virtualAccount: row.virtualAccount, virtualAccountId: row.virtualAccountId, mode });
      return view({ ...row, mode });
    });
  }

  /** registration's assignment counts: a VA with clusters keeps its mode. */
  async applyAssignments(event: Envelope<VaAssignments>, consumer: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, consumer, event.id))) return;
      await this.repository.setAssignedClusters(m, event.data.smartAccountId, event.data.virtualAccount, event.data.clusters);
    });
  }

  async applyVirtualAccount(event: Envelope<{ id: string; smartAccountId: string; name: string }>, consumer: string, removed: boolean): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, consumer, event.id))) return;
      if (removed) await this.repository.removeVirtualAccount(m, event.data.id);
      else await this.repository.upsertVirtualAccount(m, event.data);
    });
  }

  private async require(m: EntityManager, ref: VirtualAccountRef, lock = false): Promise<VaLicenseModeRow> {
    const row = await this.repository.find(m, ref, lock);
    if (!row) throw SmartlicException.fromCode('SLMCT1001', { ...ref });
    return row;
  }
}

