import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProvisioningEvents, type CustomerDeleted, type CustomerProvisioning, type Envelope } from '#libs/contracts';
import { claimInboxBatch, inRounds } from '#libs/messaging';
import { CredentialVault } from './credential-vault.js';
import { CustomerRepository } from './customer.repository.js';
import { ProvisioningCredentials } from './provisioning-credentials.js';

/**
 * Keeps the customers' proxies from the customer provisioning events (password sealed): a cluster without its own
 * proxy uses its customer's, whose credentials app-adapter hands the smart agent itself.
 */
@Injectable()
export class CustomerInventoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly customers: CustomerRepository,
    private readonly vault: CredentialVault,
    private readonly credentials: ProvisioningCredentials,
  ) {}

  /**
   * Events in one transaction (a batch, or one event): the inbox claimed in one statement, then in rounds (the r-th event
   * of each customer) so that events about one customer keep their order.
   */
  async apply(events: Envelope<CustomerProvisioning | CustomerDeleted>[], consumer: string): Promise<void> {
    const opened = new Map<string, CustomerProvisioning>();
    for (const e of events) if (e.type !== ProvisioningEvents.customerDeleted.type) opened.set(e.id, await this.credentials.openCustomer(e.data as CustomerProvisioning));
    await this.dataSource.transaction(async (m) => {
      const claimed = await claimInboxBatch(m, consumer, events.map((e) => e.id));
      const rounds = inRounds(events, (e) => (claimed.has(e.id) ? e.data.id : undefined));
      for (const round of rounds) {
        const upserts = round.filter((e) => e.type !== ProvisioningEvents.customerDeleted.type) as Envelope<CustomerProvisioning>[];
        await this.customers.upsertMany(
          m,
          upserts.map((e) => {
            const customer = opened.get(e.id) as CustomerProvisioning;
            return {
              customer,
              proxyPasswordCiphertext: customer.proxy?.password ? this.vault.sealProxyPassword('customer', customer.id, customer.proxy.password) : null,
              occurredAt: e.occurredAt,
            };
          }),
        );
        for (const e of round) {
          if (e.type === ProvisioningEvents.customerDeleted.type) await this.customers.markDeleted(m, e.data.id, e.data.revision ?? null, e.occurredAt);
        }
      }
    });
  }
}
