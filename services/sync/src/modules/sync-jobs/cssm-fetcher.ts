import { setMaxListeners } from 'node:events';
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
 * Reads a whole smart account from CSSM: the account and its virtual accounts, then per VA its licenses (paged),
 * subscriptions (paged) and registration tokens, with `concurrency` calls in flight. The first failure stops the
 * other workers; nothing is written here, so a failed sync leaves the last good copy untouched.
 */
@Injectable()
export class CssmFetcher {
  constructor(private readonly cssm: CssmClient) {}

  /**
   * With `onVirtualAccount`, each VA is handed over as soon as it is read and not kept (`virtualAccounts` stays
   * empty): the caller writes while the rest is still being read, and memory stays bounded.
   */
  async fetch(connection: CssmConnection, concurrency: number, signal?: AbortSignal, onVirtualAccount?: (va: FetchedVirtualAccount) => void): Promise<FetchedAccount> {
    const stop = new AbortController();
    const combined = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    // Every in-flight call listens on the signal.
    setMaxListeners(Math.max(10, concurrency * 4), combined);
    const session = this.cssm.session(connection, { signal: combined });
    const [account, vas] =
      concurrency > 1 ? await Promise.all([session.account(), session.virtualAccounts()]) : [await session.account(), await session.virtualAccounts()];
    const out: FetchedVirtualAccount[] = new Array<FetchedVirtualAccount>(vas.length);
    const parts = vas.map((virtualAccount) => ({ virtualAccount, licenses: [] as LicenseItemWire[], subscriptions: [] as SubscriptionWire[], tokens: [] as TokenInfoWire[], remaining: 3 }));
    // One task per call (licenses, subscriptions, tokens of each VA, in VA order): `concurrency` workers keep that many
    // calls in flight until the very last one, and a VA is handed over as soon as its three calls are in.
    const tasks = parts.length * 3;
    let next = 0;
    let failure: unknown;
    const run = async (t: number): Promise<void> => {
      const i = Math.floor(t / 3);
      const part = parts[i]!;
      const name = part.virtualAccount.name;
      if (t % 3 === 0) part.licenses = await session.licenses(name);
      else if (t % 3 === 1) part.subscriptions = await session.subscriptions(name);
      else part.tokens = await session.tokens(name);
      if (--part.remaining === 0) {
        const { remaining: _r, ...fetched } = part;
        parts[i] = undefined as never;
        if (onVirtualAccount) onVirtualAccount(fetched);
        else out[i] = fetched;
      }
    };
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < tasks) {
        try {
          await run(next++);
        } catch (error) {
          if (failure === undefined) {
            failure = error;
            stop.abort(error);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks)) }, worker));
    if (failure !== undefined) throw failure;
    return { account, virtualAccounts: onVirtualAccount ? [] : out, cssmCalls: session.stats.calls };
  }
}
