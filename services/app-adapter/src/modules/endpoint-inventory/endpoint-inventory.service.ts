import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ClusterDeleted, ClusterProvisioning, Envelope } from '#libs/contracts';
import { claimInbox } from '#libs/messaging';
import { CredentialVault } from './credential-vault.js';
import { EndpointRepository } from './endpoint.repository.js';

/** Keeps the application endpoints and their (encrypted) credentials from the provisioning events. */
@Injectable()
export class EndpointInventoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: EndpointRepository,
    private readonly vault: CredentialVault,
  ) {}

  async apply(event: Envelope<ClusterProvisioning>, consumer: string): Promise<void> {
    const c = event.data;
    const hasCredentials = Boolean(c.credentials.admin || c.credentials.platform || c.credentials.http);
    const sealed = hasCredentials ? this.vault.seal(c.id, c.credentials) : null;
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, consumer, event.id))) return;
      await this.endpoints.upsert(m, c, sealed, event.occurredAt);
    });
  }

  async remove(event: Envelope<ClusterDeleted>, consumer: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (!(await claimInbox(m, consumer, event.id))) return;
      await this.endpoints.markDeleted(m, event.data.id, event.data.revision ?? null, event.occurredAt);
    });
  }
}
