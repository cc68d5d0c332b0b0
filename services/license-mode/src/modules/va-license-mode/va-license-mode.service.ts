import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  LICENSE_MODE_ERROR_CODES,
  LicenseModeEvents,
  SmartlicException,
  type Envelope,
  type LicenseMode,
  type SmartAccountUpserted,
  type VaAssignments,
  type VaLicenseMode,
  type VirtualAccountRef,
} from '#libs/contracts';
import { claimInbox, enqueueEvent } from '#libs/messaging';
import { VaLicenseModeRepository, type VaLicenseModeRow } from './va-license-mode.repository.js';
import { editability, modeChangeRefusal, shouldBecomeHcs } from './va-license-mode.rules.js';

const view = (row: VaLicenseModeRow): VaLicenseMode => ({
  virtualAccountId: row.virtualAccountId,
  smartAccountId: row.smartAccountId,
  virtualAccount: row.virtualAccount,
  mode: row.mode,
  assignedClusters: row.assignedClusters,
  autoRegisteredClusters: row.autoRegisteredClusters,
  autoRegistration: row.autoRegistrationTarget,
  ...editability(row),
});

/**
 * A virtual account's license mode (guide: "Virtual Account Summary"): set by an administrator on smartlic only,
 * required before a cluster can be assigned, and frozen while clusters are assigned. The operational VA of
 * auto-registration is HCS: enabling auto-registration sets it (guide: "If you enable autoregistration, HCM-F changes
 * the license modes of the UC Applications to HCS mode"), as soon as no cluster assigned by hand holds another mode.
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
      const refusal = modeChangeRefusal(row, mode);
      if (refusal) {
        throw new SmartlicException({
          code: LICENSE_MODE_ERROR_CODES.modeLocked,
          message: `${refusal} (${row.assignedClusters} assigned, ${row.autoRegisteredClusters} of them auto-registered)`,
          recommendedAction: row.autoRegistrationTarget
            ? 'Disable auto-registration on the smart account, then change the license mode of the virtual account'
            : 'Unassign the clusters from the virtual account, then change its license mode',
          details: { smartAccountId: row.smartAccountId, virtualAccount: row.virtualAccount, assignedClusters: row.assignedClusters, autoRegisteredClusters: row.autoRegisteredClusters },
        });
      }
      await this.setMode(m, row, mode);
      return view({ ...row, mode });
    });
  }

  /** registration's assignment counts: a VA with clusters keeps its mode; an operational VA freed of them becomes HCS. */
  async applyAssignments(event: Envelope<VaAssignments>, consumer: string): Promise<void> {
    await this.once(event, consumer, async (m) => {
      const { smartAccountId, virtualAccount, clusters, autoRegistered, version } = event.data;
      await this.repository.setAssignedClusters(m, smartAccountId, virtualAccount, { clusters, autoRegistered: autoRegistered ?? 0, version });
      await this.settleAutoRegistrationMode(m, smartAccountId, virtualAccount);
    });
  }

  async applyVirtualAccount(event: Envelope<{ id: string; smartAccountId: string; name: string }>, consumer: string, removed: boolean): Promise<void> {
    await this.once(event, consumer, async (m) => {
      if (removed) return this.repository.removeVirtualAccount(m, event.data.id);
      await this.repository.upsertVirtualAccount(m, event.data);
      // The operational VA may arrive with the first sync after auto-registration was enabled.
      await this.settleAutoRegistrationMode(m, event.data.smartAccountId, event.data.name);
    });
  }

  /** sync's smart-account settings: which operational VA auto-registration targets, if any. */
  async applySmartAccount(event: Envelope<SmartAccountUpserted>, consumer: string): Promise<void> {
    await this.once(event, consumer, async (m) => {
      const { id, operationalLicenses: ol } = event.data;
      const applied = await this.repository.setAutoRegistration(m, { id, operationalVirtualAccount: ol.operationalVirtualAccount, autoRegistration: ol.autoRegistration }, event.occurredAt);
      if (applied && ol.autoRegistration && ol.operationalVirtualAccount) await this.settleAutoRegistrationMode(m, id, ol.operationalVirtualAccount);
    });
  }

  async applySmartAccountRemoved(event: Envelope<{ id: string }>, consumer: string): Promise<void> {
    await this.once(event, consumer, (m) => this.repository.removeSmartAccount(m, event.data.id, event.occurredAt));
  }

  /** Puts auto-registration's operational VA in HCS mode when nothing holds it in another one. */
  private async settleAutoRegistrationMode(m: EntityManager, smartAccountId: string, virtualAccount: string): Promise<void> {
    const row = await this.repository.find(m, { smartAccountId, virtualAccount }, true);
    if (row && shouldBecomeHcs(row)) await this.setMode(m, row, 'HCS');
  }

  private async setMode(m: EntityManager, row: VaLicenseModeRow, mode: LicenseMode): Promise<void> {
    await this.repository.setMode(m, row.smartAccountId, row.virtualAccount, mode);
    await enqueueEvent(m, LicenseModeEvents.vaLicenseModeChanged, { smartAccountId: row.smartAccountId, virtualAccount: row.virtualAccount, virtualAccountId: row.virtualAccountId, mode });
  }

  private async once(event: Envelope, consumer: string, apply: (m: EntityManager) => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (await claimInbox(m, consumer, event.id)) await apply(m);
    });
  }

  private async require(m: EntityManager, ref: VirtualAccountRef, lock = false): Promise<VaLicenseModeRow> {
    const row = await this.repository.find(m, ref, lock);
    if (!row) throw SmartlicException.fromCode('SLMCT1001', { ...ref });
    return row;
  }
}
