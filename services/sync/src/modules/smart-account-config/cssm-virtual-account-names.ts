import { Inject, Injectable } from '@nestjs/common';
import { catalogueError, SmartlicException, type SmartlicError } from '#libs/contracts';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { SyncConfig } from '../../config/sync.config.js';
import { CssmClient } from '../cssm/cssm.client.js';
import { SmartAccountConnections } from '../smart-accounts/smart-account-connections.js';
import type { SmartAccountSettings } from '../smart-accounts/smart-account.repository.js';

/**
 * The virtual accounts CSSM (or the satellite) lists for smart-account settings not saved yet: the first call of a
 * sync, made while the operator waits, bounded by SYNC_SAVE_CHECK_TIMEOUT. An answer that does not come is an error,
 * never an empty list.
 */
@Injectable()
export class CssmVirtualAccountNames {
  constructor(
    private readonly cssm: CssmClient,
    private readonly connections: SmartAccountConnections,
    @Inject(SERVICE_CONFIG) private readonly config: SyncConfig,
  ) {}

  async list(settings: SmartAccountSettings): Promise<{ names: Set<string> } | { error: SmartlicError }> {
    const connection = this.connections.for({ ...settings, updatedAt: new Date() });
    const signal = AbortSignal.timeout(this.config.SYNC_SAVE_CHECK_TIMEOUT);
    try {
      const vas = await this.cssm.session(connection, { signal }).virtualAccounts();
      return { names: new Set(vas.map((va) => va.name)) };
    } catch (error) {
      if (error instanceof SmartlicException && !signal.aborted) return { error: error.toJSON() };
      return { error: catalogueError('CSSM1007', { operation: 'virtual-accounts', reason: `no answer within ${this.config.SYNC_SAVE_CHECK_TIMEOUT} ms` }) };
    }
  }
}
