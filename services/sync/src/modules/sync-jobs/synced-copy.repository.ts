import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SyncEvents, type EventDefinition, type LicenseLine, type Subscription, type SyncCounts, type VirtualAccountEvent } from '#libs/contracts';
import { returning } from '../../database/returning.js';
import { isExportControlled } from '../cssm/cssm-wire.js';
import { SmartAccountSecrets } from '../smart-accounts/smart-account-secrets.js';
import type { SmartAccountRow } from '../smart-accounts/smart-account.repository.js';
import type { FetchedAccount } from './cssm-fetcher.js';

export interface PendingEvent {
  event: EventDefinition;
  data: unknown;
}

const hash = (value: unknown): string => createHash('sha1').update(JSON.stringify(value)).digest('base64url');
export const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The name operators see: the one they gave, else CSSM's, else the domain. */
export const displayName = (sa: Pick<SmartAccountRow, 'name' | 'cssm_name' | 'domain'>): string => sa.name ?? sa.cssm_name ?? sa.domain;

export const virtualAccountEvent = (sa: SmartAccountRow, va: { id: string; name: string; description: string; access_level: string; is_default: boolean }): VirtualAccountEvent => ({
  id: va.id,
  smartAccountId: sa.id,
  smartAccountName: displayName(sa),
  smartAccountDomain: sa.domain,
  smartAccountType: sa.type,
  name: va.name,
  description: va.description,
  accessLevel: va.access_level,
  isDefault: va.is_default,
});

/**
 * Writes what a sync read, in the caller's transaction: upserts virtual accounts, license snapshots and subscriptions,
 * marks what disappeared, replaces the registration tokens, and returns the events of what changed (an unchanged
 * VA, license snapshot or subscription is not announced again).
 */
@Injectable()
export class SyncedCopyRepository {
  constructor(private readonly secrets: SmartAccountSecrets) {}

  async apply(m: EntityManager, sa: SmartAccountRow, fetched: FetchedAccount, at: Date): Promise<{ counts: SyncCounts; events: PendingEvent[] }> {
    const events: PendingEvent[] = [];
    const vaNames = fetched.virtualAccounts.map((f) => f.virtualAccount.name);

    // --- virtual accounts
    const existing: { id: string; name: string; content_hash: string; removed_at: Date | null }[] = await m.query(
      'SELECT id, name, content_hash, removed_at FROM virtual_account WHERE smart_account_id = $1',
      [sa.id],
    );
    const byName = new Map(existing.map((r) => [r.name, r]));
    const changedVas: { id: string; name: string; description: string; access_level: string; is_default: boolean; hash: string }[] = [];
    for (const { virtualAccount: w } of fetched.virtualAccounts) {
      const row = { name: w.name, description: w.description, access_level: w.commerceAccessLevel, is_default: w.isDefault };
      const h = hash(row);
      const old = byName.get(w.name);
      if (!old || old.content_hash !== h || old.removed_at) changedVas.push({ id: old?.id ?? randomUUID(), ...row, hash: h });
    }
    await m.query('UPDATE virtual_account SET synced_at = $2 WHERE smart_account_id = $1 AND removed_at IS NULL', [sa.id, at]);
    if (changedVas.length) {
      await m.query(
        `INSERT INTO virtual_account (id, smart_account_id, name, description, access_level, is_default, content_hash, removed_at, synced_at)
         SELECT u.id, $1, u.name, u.description, u.access_level, u.is_default, u.hash, NULL, $2
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[]) AS u(id, name, description, access_level, is_default, hash)
         ON CONFLICT (smart_account_id, name) DO UPDATE SET description = excluded.description, access_level = excluded.access_level,
           is_default = excluded.is_default, content_hash = excluded.content_hash, removed_at = NULL, synced_at = excluded.synced_at`,
        [sa.id, at, ...(['id', 'name', 'description', 'access_level', 'is_default', 'hash'] as const).map((k) => changedVas.map((v) => v[k]))],
      );
      for (const v of changedVas) events.push({ event: SyncEvents.virtualAccountUpserted, data: virtualAccountEvent(sa, v) });
    }
    const removedVas = returning<{ id: string; name: string; description: string; access_level: string; is_default: boolean }>(await m.query(
      `UPDATE virtual_account SET removed_at = $2 WHERE smart_account_id = $1 AND removed_at IS NULL AND NOT (name = ANY($3::text[]))
       RETURNING id, name, description, access_level, is_default`,
      [sa.id, at, vaNames],
    ));
    for (const v of removedVas) events.push({ event: SyncEvents.virtualAccountRemoved, data: virtualAccountEvent(sa, v) });

    // --- license snapshots, one per VA
    const snapshotHashes = new Map(
      ((await m.query('SELECT virtual_account, content_hash FROM license_snapshot WHERE smart_account_id = $1', [sa.id])) as { virtual_account: string; content_hash: string }[]).map((r) => [r.virtual_account, r.content_hash]),
    );
    const changedSnapshots: { va: string; json: string; hash: string; lines: LicenseLine[] }[] = [];
    let licenseCount = 0;
    for (const f of fetched.virtualAccounts) {
      const lines: LicenseLine[] = f.licenses.map((l) => ({
        license: l.license,
        quantity: l.quantity,
        inUse: l.inUse,
        available: l.available,
        status: l.status,
        billingType: l.billingType,
        licenseDetails: l.licenseDetails.map((d) => ({ licenseType: d.licenseType, quantity: d.quantity, subscriptionId: d.subscriptionId, startDate: d.startDate, endDate: d.endDate, status: d.status })),
      }));
      licenseCount += lines.length;
      const json = JSON.stringify(lines);
      const h = hash(json);
      if (snapshotHashes.get(f.virtualAccount.name) !== h) changedSnapshots.push({ va: f.virtualAccount.name, json, hash: h, lines });
    }
    await m.query('UPDATE license_snapshot SET synced_at = $2 WHERE smart_account_id = $1', [sa.id, at]);
    if (changedSnapshots.length) {
      await m.query(
        `INSERT INTO license_snapshot (smart_account_id, virtual_account, licenses, content_hash, synced_at)
         SELECT $1, u.va, u.licenses::jsonb, u.hash, $2 FROM unnest($3::text[], $4::text[], $5::text[]) AS u(va, licenses, hash)
         ON CONFLICT (smart_account_id, virtual_account) DO UPDATE SET licenses = excluded.licenses, content_hash = excluded.content_hash, synced_at = excluded.synced_at`,
        [sa.id, at, changedSnapshots.map((s) => s.va), changedSnapshots.map((s) => s.json), changedSnapshots.map((s) => s.hash)],
      );
      for (const s of changedSnapshots) {
        events.push({ event: SyncEvents.licenseSnapshotUpdated, data: { smartAccountId: sa.id, virtualAccount: s.va, licenses: s.lines.map(({ billingType: _b, ...line }) => line) } });
      }
    }
    await m.query('DELETE FROM license_snapshot WHERE smart_account_id = $1 AND NOT (virtual_account = ANY($2::text[]))', [sa.id, vaNames]);

    // --- subscriptions: one line per (VA, subscription id, license); duplicates add up
    const subscriptions = new Map<string, Subscription>();
    for (const f of fetched.virtualAccounts) {
      for (const s of f.subscriptions) {
        const key = JSON.stringify([f.virtualAccount.name, s.subscriptionId, s.license]);
        const prior = subscriptions.get(key);
        if (prior) prior.quantity += s.quantity;
        else {
          subscriptions.set(key, {
            subscriptionId: s.subscriptionId,
            smartAccountId: sa.id,
            virtualAccount: f.virtualAccount.name,
            license: s.license,
            quantity: s.quantity,
            licenseType: s.licenseType || 'TERM',
            billingType: s.billingType,
            startDate: s.startDate,
            endDate: s.endDate,
            status: s.status,
          });
        }
      }
    }
    const oldSubs = new Map(
      ((await m.query('SELECT virtual_account, subscription_id, license, content_hash, removed_at FROM subscription WHERE smart_account_id = $1', [sa.id])) as {
        virtual_account: string;
        subscription_id: string;
        license: string;
        content_hash: string;
        removed_at: Date | null;
      }[]).map((r) => [JSON.stringify([r.virtual_account, r.subscription_id, r.license]), r]),
    );
    const changedSubs: (Subscription & { hash: string })[] = [];
    for (const [key, s] of subscriptions) {
      const h = hash(s);
      const old = oldSubs.get(key);
      if (!old || old.content_hash !== h || old.removed_at) changedSubs.push({ ...s, hash: h });
    }
    await m.query('UPDATE subscription SET synced_at = $2 WHERE smart_account_id = $1 AND removed_at IS NULL', [sa.id, at]);
    if (changedSubs.length) {
      await m.query(
        `INSERT INTO subscription (smart_account_id, virtual_account, subscription_id, license, data, content_hash, removed_at, synced_at)
         SELECT $1, u.va, u.sid, u.license, u.data::jsonb, u.hash, NULL, $2 FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(va, sid, license, data, hash)
         ON CONFLICT (smart_account_id, virtual_account, subscription_id, license) DO UPDATE SET data = excluded.data, content_hash = excluded.content_hash, removed_at = NULL, synced_at = excluded.synced_at`,
        [
          sa.id,
          at,
          changedSubs.map((s) => s.virtualAccount),
          changedSubs.map((s) => s.subscriptionId),
          changedSubs.map((s) => s.license),
          changedSubs.map(({ hash: _h, ...s }) => JSON.stringify(s)),
          changedSubs.map((s) => s.hash),
        ],
      );
      for (const { hash: _h, ...s } of changedSubs) events.push({ event: SyncEvents.subscriptionUpserted, data: s });
    }
    const goneSubs = [...oldSubs.entries()].filter(([key, r]) => !r.removed_at && !subscriptions.has(key)).map(([, r]) => r);
    if (goneSubs.length) {
      await m.query(
        `UPDATE subscription s SET removed_at = $2 FROM unnest($3::text[], $4::text[], $5::text[]) AS u(va, sid, license)
         WHERE s.smart_account_id = $1 AND s.virtual_account = u.va AND s.subscription_id = u.sid AND s.license = u.license`,
        [sa.id, at, goneSubs.map((r) => r.virtual_account), goneSubs.map((r) => r.subscription_id), goneSubs.map((r) => r.license)],
      );
      for (const r of goneSubs) events.push({ event: SyncEvents.subscriptionRemoved, data: { subscriptionId: r.subscription_id, smartAccountId: sa.id, virtualAccount: r.virtual_account, license: r.license } });
    }

    // --- registration tokens: the VA's current list replaces the stored one
    const tokenCount = await this.replaceTokens(
      m,
      sa.id,
      fetched.virtualAccounts.map((f) => ({ virtualAccount: f.virtualAccount.name, tokens: f.tokens })),
      at,
    );

    return {
      counts: {
        virtualAccounts: fetched.virtualAccounts.length,
        virtualAccountsRemoved: removedVas.length,
        licenses: licenseCount,
        subscriptions: subscriptions.size,
        subscriptionsRemoved: goneSubs.length,
        tokens: tokenCount,
        cssmCalls: fetched.cssmCalls,
      },
      events,
    };
  }

  /** Replaces the stored tokens of the given VAs (all VAs of the account when `allVirtualAccounts`). */
  async replaceTokens(
    m: EntityManager,
    smartAccountId: string,
    perVa: { virtualAccount: string; tokens: { token: string; exportControlled: string; status: string; expirationDate: string; createdBy: string; description: string }[] }[],
    at: Date,
    allVirtualAccounts = true,
  ): Promise<number> {
    if (allVirtualAccounts) await m.query('DELETE FROM registration_token WHERE smart_account_id = $1', [smartAccountId]);
    else await m.query('DELETE FROM registration_token WHERE smart_account_id = $1 AND virtual_account = ANY($2::text[])', [smartAccountId, perVa.map((v) => v.virtualAccount)]);
    const rows = perVa.flatMap((v) => v.tokens.map((t) => ({ va: v.virtualAccount, t, id: tokenId(t.token) })));
    const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
    if (unique.length === 0) return 0;
    await m.query(
      `INSERT INTO registration_token (id, smart_account_id, virtual_account, token, export_controlled, status, expires_at, created_by, description, synced_at)
       SELECT u.id, $1, u.va, u.token, u.ec, u.status, u.expires_at, u.created_by, u.description, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::bool[], $7::text[], $8::timestamptz[], $9::text[], $10::text[]) AS u(id, va, token, ec, status, expires_at, created_by, description)
       ON CONFLICT (id) DO NOTHING`,
      [
        smartAccountId,
        at,
        unique.map((r) => r.id),
        unique.map((r) => r.va),
        unique.map((r) => this.secrets.encryptRegistrationToken(r.id, r.t.token)),
        unique.map((r) => isExportControlled(r.t.exportControlled)),
        unique.map((r) => r.t.status),
        unique.map((r) => new Date(r.t.expirationDate)),
        unique.map((r) => r.t.createdBy),
        unique.map((r) => r.t.description),
      ],
    );
    return unique.length;
  }
}
