import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Envelope, SmartAccountUpserted, VirtualAccountEvent } from '#libs/contracts';
import type { SmartAccountRemoved } from './auto-registration.repository.js';
import { claimInbox } from '#libs/messaging';
import { VirtualAccountRepository } from '../virtual-accounts/virtual-account.repository.js';
import { AutoRegistrationRepository } from './auto-registration.repository.js';
import { AutoRegistrationService } from './auto-registration.service.js';

/**
 * sync's smart-account and virtual-account events: the projection and what auto-registration does about them, in one
 * transaction with the inbox record (a redelivered event changes nothing).
 */
@Injectable()
export class AccountEventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: VirtualAccountRepository,
    private readonly autoRegistration: AutoRegistrationService,
    private readonly repository: AutoRegistrationRepository,
  ) {}

  smartAccountUpserted(e: Envelope<SmartAccountUpserted>, consumer: string): Promise<void> {
    return this.once(e, consumer, async (m) => {
      if ((await this.repository.lockSmartAccount(m, e.data.id, e.occurredAt)).stale) return;
      await this.accounts.upsertSmartAccount(m, e.data);
      await this.autoRegistration.smartAccountChanged(m, e.data, { occurredAt: e.occurredAt, correlationId: e.correlationId ?? e.id });
    });
  }

  smartAccountRemoved(e: Envelope<SmartAccountRemoved>, consumer: string): Promise<void> {
    return this.once(e, consumer, async (m) => {
      await this.repository.lockSmartAccount(m, e.data.id, e.occurredAt);
      await this.repository.removeSmartAccount(m, e.data);
    });
  }

  /** Every sync (on demand or scheduled) retries the clusters whose auto-registration failed (guide: Table 6). */
  smartAccountSynced(e: Envelope, consumer: string): Promise<void> {
    return this.once(e, consumer, async (m) => {
      await this.autoRegistration.enrol(m, { kind: 'all' }, e.correlationId ?? e.id);
    });
  }

  /** The operational VA may arrive with the first sync after auto-registration was enabled: enrol then. */
  virtualAccountUpserted(e: Envelope<VirtualAccountEvent>, consumer: string): Promise<void> {
    return this.once(e, consumer, async (m) => {
      await this.accounts.upsertVirtualAccount(m, e.data);
      const target = await this.autoRegistration.target(m);
      if (target && target.smartAccountId === e.data.smartAccountId && target.operationalVirtualAccount === e.data.name) {
        await this.autoRegistration.enrol(m, { kind: 'all' }, e.correlationId ?? e.id);
      }
    });
  }

  private async once(e: Envelope, consumer: string, apply: (m: EntityManager) => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (await claimInbox(m, consumer, e.id)) await apply(m);
    });
  }
}
