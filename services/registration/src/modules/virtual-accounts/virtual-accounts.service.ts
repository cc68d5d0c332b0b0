import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Envelope, SmartAccountUpserted, VaLicenseModeChanged, VirtualAccountEvent, VirtualAccountSummary } from '#libs/contracts';
import { claimInbox } from '#libs/messaging';
import { VirtualAccountRepository } from './virtual-account.repository.js';

@Injectable()
export class VirtualAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: VirtualAccountRepository,
  ) {}

  applyVirtualAccount(e: Envelope<VirtualAccountEvent>, consumer: string, removed: boolean): Promise<void> {
    return this.once(e, consumer, (m) => (removed ? this.accounts.removeVirtualAccount(m, e.data.id) : this.accounts.upsertVirtualAccount(m, e.data)));
  }

  applySmartAccount(e: Envelope<SmartAccountUpserted>, consumer: string, removed: boolean): Promise<void> {
    return this.once(e, consumer, (m) => (removed ? this.accounts.removeSmartAccount(m, e.data.id) : this.accounts.upsertSmartAccount(m, e.data)));
  }

  applyLicenseMode(e: Envelope<VaLicenseModeChanged>, consumer: string): Promise<void> {
    return this.once(e, consumer, (m) => this.accounts.setLicenseMode(m, e.data.smartAccountId, e.data.virtualAccount, e.data.mode));
  }

  summary(id: string): Promise<VirtualAccountSummary | undefined> {
    return this.accounts.summary(id);
  }

  list(filter: { smartAccountId?: string; limit: number; offset: number }) {
    return this.accounts.list(filter);
  }

  private async once(e: Envelope, consumer: string, apply: (m: EntityManager) => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (await claimInbox(m, consumer, e.id)) await apply(m);
    });
  }
}
