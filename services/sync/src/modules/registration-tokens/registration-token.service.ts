import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SmartlicException, type RegistrationToken } from '#libs/contracts';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { SyncConfig } from '../../config/sync.config.js';
import { CssmClient } from '../cssm/cssm.client.js';
import { isUnknownVirtualAccount } from '../cssm/cssm-errors.js';
import { isExportControlled, type TokenInfoWire } from '../cssm/cssm-wire.js';
import { SmartAccountConnections } from '../smart-accounts/smart-account-connections.js';
import { SmartAccountRepository } from '../smart-accounts/smart-account.repository.js';
import { SyncedCopyRepository } from '../sync-jobs/synced-copy.repository.js';
import { VirtualAccountRepository } from '../virtual-accounts/virtual-account.repository.js';

/** Description of the tokens smartlic creates: how a token made by hand is told apart. */
export const TOKEN_DESCRIPTION_PREFIX = 'smartlic';

const slm1010 = (details: Record<string, unknown>) => SmartlicException.fromCode('SLM1010', details);

/**
 * Product registration tokens (HCM-F: "HCM-F performs all token management"). The VA's tokens are read from CSSM at
 * each request, so an operator's change is seen at once:
 * 1. the only valid token of the VA is export-controlled and was created by hand → it is used (guide: "Registering the
 *    UC Applications in Mixed Mode": HCM-F cannot create export-controlled tokens);
 * 2. else a valid, not export-controlled token that does not expire within REGISTRATION_TOKEN_MIN_VALIDITY is reused;
 * 3. else a token is created (not export-controlled).
 * Failures: SLM1010 when no token can be had, the CSSM code when CSSM cannot be reached or refuses the credentials.
 */
@Injectable()
export class RegistrationTokenService {
  private readonly inFlight = new Map<string, Promise<RegistrationToken>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: SmartAccountRepository,
    private readonly connections: SmartAccountConnections,
    private readonly virtualAccounts: VirtualAccountRepository,
    private readonly copy: SyncedCopyRepository,
    private readonly cssm: CssmClient,
    @Inject(SERVICE_CONFIG) private readonly config: SyncConfig,
  ) {}

  /** One request per VA at a time: clusters assigned together share the token instead of creating one each. */
  get(smartAccountId: string, virtualAccount: string): Promise<RegistrationToken> {
    const key = `${smartAccountId}/${virtualAccount}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.resolve(smartAccountId, virtualAccount).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async resolve(smartAccountId: string, virtualAccount: string): Promise<RegistrationToken> {
    const sa = await this.accounts.get(smartAccountId);
    if (!sa) throw slm1010({ smartAccountId, virtualAccount, reason: 'the smart account is not configured' });
    if (!(await this.virtualAccounts.findByName(smartAccountId, virtualAccount))) {
      throw slm1010({ smartAccountId, virtualAccount, reason: 'the virtual account is unknown: perform Smart Account Sync' });
    }
    const connection = this.connections.for(sa);
    const session = this.cssm.session(connection);
    const now = Date.now();
    let tokens: TokenInfoWire[];
    try {
      tokens = await session.tokens(virtualAccount);
    } catch (error) {
      throw isUnknownVirtualAccount(error) ? slm1010({ smartAccountId, virtualAccount, reason: 'CSSM does not know the virtual account' }) : error;
    }
    await this.store(smartAccountId, virtualAccount, tokens);

    const valid = tokens.filter((t) => t.status.toUpperCase() === 'VALID' && Date.parse(t.expirationDate) > now);
    const byHand = (t: TokenInfoWire) => t.createdBy !== connection.clientId && !t.description.startsWith(TOKEN_DESCRIPTION_PREFIX);
    if (valid.length === 1 && isExportControlled(valid[0]!.exportControlled) && byHand(valid[0]!)) return this.answer(valid[0]!, true);

    const reusable = valid
      .filter((t) => !isExportControlled(t.exportControlled) && Date.parse(t.expirationDate) - now >= this.config.REGISTRATION_TOKEN_MIN_VALIDITY)
      .sort((a, b) => Date.parse(b.expirationDate) - Date.parse(a.expirationDate))[0];
    if (reusable) return this.answer(reusable, true);

    let created: TokenInfoWire;
    try {
      created = await session.createToken(virtualAccount, {
        description: `${TOKEN_DESCRIPTION_PREFIX}: registration token for ${virtualAccount}`,
        expiresAfterDays: this.config.REGISTRATION_TOKEN_EXPIRES_AFTER_DAYS,
        exportControlled: 'Not Allowed',
      });
    } catch (error) {
      if (error instanceof SmartlicException && error.details?.httpStatus !== undefined && [400, 404, 409, 422].includes(error.details.httpStatus as number)) {
        throw slm1010({ smartAccountId, virtualAccount, reason: 'CSSM refused to create a token', upstream: error.toJSON() });
      }
      throw error;
    }
    await this.store(smartAccountId, virtualAccount, [...tokens, created]);
    return this.answer(created, false);
  }

  private answer(t: TokenInfoWire, reused: boolean): RegistrationToken {
    return { token: t.token, expiresAt: new Date(t.expirationDate).toISOString(), exportControlled: isExportControlled(t.exportControlled), reused };
  }

  private async store(smartAccountId: string, virtualAccount: string, tokens: TokenInfoWire[]): Promise<void> {
    await this.dataSource.transaction((m) => this.copy.replaceTokens(m, smartAccountId, [{ virtualAccount, tokens }], new Date(), false));
  }
}
