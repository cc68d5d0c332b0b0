import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Envelope, SmartAccountSynced, SmartAccountUpserted, VirtualAccountEvent } from '#libs/contracts';
import type { SmartAccountRemoved } from './auto-registration.repository.js';
import { claimInbox } from '#libs/messaging';
import { RegistrationEventsWriter } from '../jobs/registration-events.js';
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
    private readonly events: RegistrationEventsWriter,
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

  /**
   * Every sync (on demand or scheduled) retries the clusters whose auto-registration failed (guide: Table 6), and
   * republishes the assignment counts of the smart account's VAs, counted afresh: whatever sync and license-mode hold
   * (a count from before versions, a lost message) is repaired by every sync.
   */
  smartAccountSynced(e: Envelope<SmartAccountSynced>, consumer: string): Promise<void> {
    return this.once(e, consumer, async (m) => {
      const correlationId = e.correlationId ?? e.id;
      await this.autoRegistration.enrol(m, { kind: 'all' }, correlationId);
      const items = [];
      for (const va of await this.accounts.ofSmartAccount(m, e.data.smartAccountId)) items.push(await this.events.vaAssignments(m, va, correlationId));
      await this.events.write(m, items);
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
