import { Injectable } from '@nestjs/common';
import type { CssmConnection } from '../cssm/cssm-connection.js';
import { CssmClient } from '../cssm/cssm.client.js';
import type { LicenseItemWire, SubscriptionWire, TokenInfoWire, VirtualAccountWire } from '../cssm/cssm-wire.js';

export interface FetchedVirtualAccount {
  virtualAccount: VirtualAccountWire;
  licenses: LicenseItemWire[];
  subscriptions: SubscriptionWire[];
  tokens: TokenInfoWire[];
}

/** What one sync read from CSSM, before anything is written. */
export interface FetchedAccount {
  account: { name: string; status: string } | undefined;
  virtualAccounts: FetchedVirtualAccount[];
  cssmCalls: number;
}

/**
 * Reads a whole smart account from CSSM: the account, its virtual accounts, then per VA its licenses (paged),
 * subscriptions (paged) and registration tokens, with `concurrency` calls in flight. The first failure stops the
 * other workers; nothing is written here, so a failed sync leaves the last good copy untouched.
 */
@Injectable()
export class CssmFetcher {
  constructor(private readonly cssm: CssmClient) {}

  async fetch(connection: CssmConnection, concurrency: number, signal?: AbortSignal): Promise<FetchedAccount> {
    const stop = new AbortController();
    const session = this.cssm.session(connection, { signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal });
    const account = await session.account();
    const vas = await session.virtualAccounts();
    const out: FetchedVirtualAccount[] = new Array<FetchedVirtualAccount>(vas.length);
    let next = 0;
    let failure: unknown;
    // Each worker keeps one call in flight: `concurrency` workers saturate the bound without a call-level queue.
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < vas.length) {
        const i = next++;
        const va = vas[i]!;
        try {
          const licenses = await session.licenses(va.name);
          const subscriptions = await session.subscriptions(va.name);
          const tokens = await session.tokens(va.name);
          out[i] = { virtualAccount: va, licenses, subscriptions, tokens };
        } catch (error) {
          if (failure === undefined) {
            failure = error;
            stop.abort(error);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, vas.length)) }, worker));
    if (failure !== undefined) throw failure;
    return { account, virtualAccounts: out, cssmCalls: session.stats.calls };
  }
}
