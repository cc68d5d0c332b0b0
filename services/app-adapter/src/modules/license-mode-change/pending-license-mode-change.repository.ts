import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import type { ApplicationType, LicenseMode } from '#libs/contracts';
import { PendingLicenseModeChange, type LicenseModeChangeStep } from './pending-license-mode-change.entity.js';

/** The license mode changes in flight, one per cluster (see PendingLicenseModeChange). */
@Injectable()
export class PendingLicenseModeChangeRepository {
  private readonly rows: Repository<PendingLicenseModeChange>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(PendingLicenseModeChange);
  }

  async find(clusterId: string): Promise<PendingLicenseModeChange | undefined> {
    return (await this.rows.findOneBy({ clusterId })) ?? undefined;
  }

  /** The changes of the given application types, oldest first (resumed at start). */
  list(types: readonly ApplicationType[]): Promise<PendingLicenseModeChange[]> {
    return this.rows.find({ where: { applicationType: In([...types]) }, order: { startedAt: 'ASC' } });
  }

  /** Records a change about to be set; replaces the cluster's earlier one (a new wanted mode supersedes it). */
  async begin(change: { clusterId: string; applicationType: ApplicationType; node: string; targetMode: LicenseMode; previousMode: LicenseMode }): Promise<PendingLicenseModeChange> {
    const row = this.rows.create({ ...change, step: 'setting', changeId: randomUUID(), startedAt: new Date(), updatedAt: new Date() });
    await this.rows.upsert(row, ['clusterId']);
    return row;
  }

  async advance(clusterId: string, step: LicenseModeChangeStep): Promise<void> {
    await this.rows.update({ clusterId }, { step, updatedAt: () => 'now()' });
  }

  async remove(clusterId: string): Promise<void> {
    await this.rows.delete({ clusterId });
  }
}
