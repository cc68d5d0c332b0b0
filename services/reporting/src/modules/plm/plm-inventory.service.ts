import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Envelope, LicenseManagerRemoved, PlmInventoryReported } from '#libs/contracts';
import { claimInbox } from '#libs/messaging';
import { PlmInventoryRepository } from './plm-inventory.repository.js';

/** Applies registration's PLM events once (inbox), each in one transaction with its inbox record. */
@Injectable()
export class PlmInventoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plm: PlmInventoryRepository,
  ) {}

  /** Latest reportedAt wins per License Manager; an older or redelivered report changes nothing. */
  async inventoryReported(e: Envelope<PlmInventoryReported>, consumer: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, consumer, e.id))) return;
      if (await this.plm.claim(m, e.data)) await this.plm.replace(m, e.data);
    });
  }

  async licenseManagerRemoved(e: Envelope<LicenseManagerRemoved>, consumer: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, consumer, e.id))) return;
      await this.plm.remove(m, e.data.licenseManagerId, e.occurredAt);
    });
  }
}
