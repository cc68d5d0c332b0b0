import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SyncEvents, type LicenseLine, type Subscription, type SyncCounts, type VirtualAccountEvent } from '#libs/contracts';
import { enqueueEvents, outboxItem, withCause, type CausationContext, type OutboxItem } from '#libs/messaging';
import { queryReturning, selectAs } from '#libs/persistence';
import { LicenseSnapshot } from '../../database/license-snapshot.entity.js';
import { Subscription as SubscriptionRecord } from '../../database/subscription.entity.js';
import { VirtualAccount } from '../../database/virtual-account.entity.js';
import { isExportControlled } from '../cssm/cssm-wire.js';
import { SmartAccountSecrets } from '../smart-accounts/smart-account-secrets.js';
import type { SmartAccountRow } from '../smart-accounts/smart-account.repository.js';
import type { FetchedVirtualAccount } from './cssm-fetcher.js';

const hash = (value: unknown): string => createHash('sha1').update(typeof value === 'string' ? value : JSON.stringify(value)).digest('base64url');
export const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex');
const subscriptionKey = (va: string, subscriptionId: string, license: string): string => `${va}\u0000${subscriptionId}\u0000${license}`;

/** The name operators see: the one they gave, else CSSM's, else the domain. */
export const displayName = (sa: Pick<SmartAccountRow, 'name' | 'cssmName' | 'domain'>): string => sa.name ?? sa.cssmName ?? sa.domain;

/** What a virtual account's events carry of its row. */
const VA_EVENT_FIELDS = ['id', 'name', 'description', 'accessLevel', 'isDefault'] as const;
export type VirtualAccountEventRow = Pick<VirtualAccount, (typeof VA_EVENT_FIELDS)[number]>;
export const VA_EVENT_COLUMNS = selectAs(VirtualAccount, VA_EVENT_FIELDS);

/** The copy's state a sync compares with (ids and content hashes). */
type StoredVa = Pick<VirtualAccount, 'id' | 'name' | 'contentHash' | 'removedAt'>;
type StoredSnapshot = Pick<LicenseSnapshot, 'virtualAccount' | 'contentHash'>;
type StoredSubscription = Pick<SubscriptionRecord, 'virtualAccount' | 'subscriptionId' | 'license' | 'contentHash' | 'removedAt'>;

export const virtualAccountEvent = (sa: SmartAccountRow, va: VirtualAccountEventRow): VirtualAccountEvent => ({
  id: va.id,
  smartAccountId: sa.id,
  smartAccountName: displayName(sa),
  smartAccountDomain: sa.domain,
  smartAccountType: sa.type,
  name: va.name,
  description: va.description,
  accessLevel: va.accessLevel,
  isDefault: va.isDefault,
});

type TokenInput = { token: string; exportControlled: string; status: string; expirationDate: string; createdBy: string; description: string };

/**
 * Writes what one sync reads, in the sync's transaction, chunk by chunk while CSSM is still being read: upserts
 * virtual accounts, license snapshots and subscriptions, replaces their registration tokens, and enqueues the events
 * of what changed (an unchanged VA, snapshot or subscription is not announced again). `finish` marks what
 * disappeared. Nothing is visible to readers before the transaction commits, so a failed sync keeps the last good copy.
 */
export class SyncedCopyWriter {
  private readonly seenVas: string[] = [];
  private readonly seenSubscriptions = new Set<string>();
  private readonly counts = { virtualAccounts: 0, licenses: 0, subscriptions: 0, tokens: 0 };
  /** Time spent writing, per kind (ms): where a slow sync spends its database time. */
  readonly writeMs = { virtualAccounts: 0, licenses: 0, subscriptions: 0, tokens: 0, events: 0 };

  constructor(
    private readonly repository: SyncedCopyRepository,
    private readonly m: EntityManager,
    private readonly sa: SmartAccountRow,
    private readonly at: Date,
    private readonly cause: CausationContext,
    private readonly vaByName: Map<string, StoredVa>,
    private readonly snapshotHashes: Map<string, string>,
    private readonly oldSubscriptions: Map<string, StoredSubscription>,
  ) {}

  async write(chunk: FetchedVirtualAccount[]): Promise<void> {
    if (chunk.length === 0) return;
    const { m, sa, at } = this;
    const events: OutboxItem[] = [];

    let t = performance.now();
    const lap = (kind: keyof SyncedCopyWriter['writeMs']) => {
      const now = performance.now();
      this.writeMs[kind] += now - t;
      t = now;
    };
    // The content hashed (its shape is part of every stored content_hash: unchanged VAs stay unannounced).
    const vas = chunk.map(({ virtualAccount: w }) => ({ name: w.name, description: w.description, access_level: w.commerceAccessLevel, is_default: w.isDefault }));
    const changedVas: (VirtualAccountEventRow & { hash: string })[] = [];
    for (const va of vas) {
      this.seenVas.push(va.name);
      const h = hash(va);
      const old = this.vaByName.get(va.name);
      if (!old || old.contentHash !== h || old.removedAt) {
        changedVas.push({ id: old?.id ?? randomUUID(), name: va.name, description: va.description, accessLevel: va.access_level, isDefault: va.is_default, hash: h });
      }
    }
    this.counts.virtualAccounts += vas.length;
    if (changedVas.length) {
      await m.query(
        `INSERT INTO virtual_account (id, smart_account_id, name, description, access_level, is_default, content_hash, removed_at, synced_at)
         SELECT u.id, $1, u.name, u.description, u.access_level, u.is_default, u.hash, NULL, $2
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[]) AS u(id, name, description, access_level, is_default, hash)
         ON CONFLICT (smart_account_id, name) DO UPDATE SET description = excluded.description, access_level = excluded.access_level,
           is_default = excluded.is_default, content_hash = excluded.content_hash, removed_at = NULL, synced_at = excluded.synced_at`,
        [sa.id, at, ...(['id', 'name', 'description', 'accessLevel', 'isDefault', 'hash'] as const).map((k) => changedVas.map((v) => v[k]))],
      );
      for (const v of changedVas) events.push(outboxItem(SyncEvents.virtualAccountUpserted, virtualAccountEvent(sa, v)));
    }
    lap('virtualAccounts');

    const changedSnapshots: { va: string; json: string; hash: string; lines: LicenseLine[] }[] = [];
    for (const f of chunk) {
      const lines: LicenseLine[] = f.licenses.map((l) => ({
        license: l.license,
        quantity: l.quantity,
        inUse: l.inUse,
        available: l.available,
        status: l.status,
        billingType: l.billingType,
        licenseDetails: l.licenseDetails.map((d) => ({ licenseType: d.licenseType, quantity: d.quantity, subscriptionId: d.subscriptionId, startDate: d.startDate, endDate: d.endDate, status: d.status })),
      }));
      this.counts.licenses += lines.length;
      const json = JSON.stringify(lines);
      const h = hash(json);
      if (this.snapshotHashes.get(f.virtualAccount.name) !== h) changedSnapshots.push({ va: f.virtualAccount.name, json, hash: h, lines });
    }
    if (changedSnapshots.length) {
      await m.query(
        `INSERT INTO license_snapshot (smart_account_id, virtual_account, licenses, content_hash, synced_at)
         SELECT $1, u.va, u.licenses::jsonb, u.hash, $2 FROM unnest($3::text[], $4::text[], $5::text[]) AS u(va, licenses, hash)
         ON CONFLICT (smart_account_id, virtual_account) DO UPDATE SET licenses = excluded.licenses, content_hash = excluded.content_hash, synced_at = excluded.synced_at`,
        [sa.id, at, changedSnapshots.map((s) => s.va), changedSnapshots.map((s) => s.json), changedSnapshots.map((s) => s.hash)],
      );
      for (const s of changedSnapshots) {
        events.push(outboxItem(SyncEvents.licenseSnapshotUpdated, { smartAccountId: sa.id, virtualAccount: s.va, licenses: s.lines.map(({ billingType: _b, ...line }) => line) }));
      }
    }

    lap('licenses');
    // Subscriptions: one line per (VA, subscription id, license); duplicates add up.
    const subscriptions = new Map<string, Subscription>();
    for (const f of chunk) {
      for (const s of f.subscriptions) {
        const key = subscriptionKey(f.virtualAccount.name, s.subscriptionId, s.license);
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
    const changedSubs: { s: Subscription; json: string; hash: string }[] = [];
    for (const [key, s] of subscriptions) {
      this.seenSubscriptions.add(key);
      const json = JSON.stringify(s);
      const h = hash(json);
      const old = this.oldSubscriptions.get(key);
      if (!old || old.contentHash !== h || old.removedAt) changedSubs.push({ s, json, hash: h });
    }
    this.counts.subscriptions += subscriptions.size;
    if (changedSubs.length) {
      await m.query(
        `INSERT INTO subscription (smart_account_id, virtual_account, subscription_id, license, data, content_hash, removed_at, synced_at)
         SELECT $1, u.va, u.sid, u.license, u.data::jsonb, u.hash, NULL, $2 FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(va, sid, license, data, hash)
         ON CONFLICT (smart_account_id, virtual_account, subscription_id, license) DO UPDATE SET data = excluded.data, content_hash = excluded.content_hash, removed_at = NULL, synced_at = excluded.synced_at`,
        [sa.id, at, changedSubs.map((c) => c.s.virtualAccount), changedSubs.map((c) => c.s.subscriptionId), changedSubs.map((c) => c.s.license), changedSubs.map((c) => c.json), changedSubs.map((c) => c.hash)],
      );
      for (const c of changedSubs) events.push(outboxItem(SyncEvents.subscriptionUpserted, c.s));
    }

    lap('subscriptions');
    this.counts.tokens += await this.repository.replaceTokens(m, sa.id, chunk.map((f) => ({ virtualAccount: f.virtualAccount.name, tokens: f.tokens })), at, false);
    lap('tokens');
    await enqueueEvents(m, events.map((e) => withCause(e, this.cause)));
    lap('events');
  }

  /** Marks what CSSM no longer lists (VAs, subscriptions), drops their snapshots and tokens; the sync's counts. */
  async finish(cssmCalls: number): Promise<SyncCounts> {
    const { m, sa, at } = this;
    const events: OutboxItem[] = [];
    const removedVas = await queryReturning<VirtualAccountEventRow>(
      m,
      `UPDATE virtual_account SET removed_at = $2 WHERE smart_account_id = $1 AND removed_at IS NULL AND NOT (name = ANY($3::text[]))
       RETURNING ${VA_EVENT_COLUMNS}`,
      [sa.id, at, this.seenVas],
    );
    for (const v of removedVas) events.push(outboxItem(SyncEvents.virtualAccountRemoved, virtualAccountEvent(sa, v)));
    await m.query('UPDATE virtual_account SET synced_at = $2 WHERE smart_account_id = $1 AND removed_at IS NULL', [sa.id, at]);
    await m.query('DELETE FROM license_snapshot WHERE smart_account_id = $1 AND NOT (virtual_account = ANY($2::text[]))', [sa.id, this.seenVas]);
    await m.query('UPDATE license_snapshot SET synced_at = $2 WHERE smart_account_id = $1', [sa.id, at]);
    await m.query('DELETE FROM registration_token WHERE smart_account_id = $1 AND NOT (virtual_account = ANY($2::text[]))', [sa.id, this.seenVas]);

    const gone = [...this.oldSubscriptions.entries()].filter(([key, r]) => !r.removedAt && !this.seenSubscriptions.has(key)).map(([, r]) => r);
    if (gone.length) {
      await m.query(
        `UPDATE subscription s SET removed_at = $2 FROM unnest($3::text[], $4::text[], $5::text[]) AS u(va, sid, license)
         WHERE s.smart_account_id = $1 AND s.virtual_account = u.va AND s.subscription_id = u.sid AND s.license = u.license`,
        [sa.id, at, gone.map((r) => r.virtualAccount), gone.map((r) => r.subscriptionId), gone.map((r) => r.license)],
      );
      for (const r of gone) events.push(outboxItem(SyncEvents.subscriptionRemoved, { subscriptionId: r.subscriptionId, smartAccountId: sa.id, virtualAccount: r.virtualAccount, license: r.license }));
    }
    await m.query('UPDATE subscription SET synced_at = $2 WHERE smart_account_id = $1 AND removed_at IS NULL', [sa.id, at]);
    await enqueueEvents(m, events.map((e) => withCause(e, this.cause)));
    return { ...this.counts, virtualAccountsRemoved: removedVas.length, subscriptionsRemoved: gone.length, cssmCalls };
  }
}

/** The local copy of CSSM: opens a sync's writer; stores a VA's registration tokens (encrypted). */
@Injectable()
export class SyncedCopyRepository {
  constructor(private readonly secrets: SmartAccountSecrets) {}

  /** Loads what the account's copy holds (ids and content hashes only) to tell changes apart. */
  async open(m: EntityManager, sa: SmartAccountRow, at: Date, cause: CausationContext): Promise<SyncedCopyWriter> {
    // One connection (the transaction's): the reads run one after the other.
    const vas: StoredVa[] = await m.query(`SELECT ${selectAs(VirtualAccount, ['id', 'name', 'contentHash', 'removedAt'])} FROM virtual_account WHERE smart_account_id = $1`, [sa.id]);
    const snapshots: StoredSnapshot[] = await m.query(`SELECT ${selectAs(LicenseSnapshot, ['virtualAccount', 'contentHash'])} FROM license_snapshot WHERE smart_account_id = $1`, [sa.id]);
    const subscriptions: StoredSubscription[] = await m.query(
      `SELECT ${selectAs(SubscriptionRecord, ['virtualAccount', 'subscriptionId', 'license', 'contentHash', 'removedAt'])} FROM subscription WHERE smart_account_id = $1`,
      [sa.id],
    );
    return new SyncedCopyWriter(
      this,
      m,
      sa,
      at,
      cause,
      new Map(vas.map((r) => [r.name, r])),
      new Map(snapshots.map((r) => [r.virtualAccount, r.contentHash])),
      new Map(subscriptions.map((r) => [subscriptionKey(r.virtualAccount, r.subscriptionId, r.license), r])),
    );
  }

  /** Replaces the stored tokens of the given VAs (of every VA of the account when `allVirtualAccounts`). */
  async replaceTokens(m: EntityManager, smartAccountId: string, perVa: { virtualAccount: string; tokens: TokenInput[] }[], at: Date, allVirtualAccounts = true): Promise<number> {
    if (allVirtualAccounts) await m.query('DELETE FROM registration_token WHERE smart_account_id = $1', [smartAccountId]);
    else await m.query('DELETE FROM registration_token WHERE smart_account_id = $1 AND virtual_account = ANY($2::text[])', [smartAccountId, perVa.map((v) => v.virtualAccount)]);
    const rows = perVa.flatMap((v) => v.tokens.map((t) => ({ va: v.virtualAccount, t, id: tokenId(t.token) })));
    const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
    if (unique.length === 0) return 0;
    await m.query(
      `INSERT INTO registration_token (id, smart_account_id, virtual_account, token, export_controlled, status, expires_at, created_by, description, synced_at)
       SELECT u.id, $1, u.va, u.token, u.ec, u.status, u.expires_at, u.created_by, u.description, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::bool[], $7::text[], $8::timestamptz[], $9::text[], $10::text[]) AS u(id, va, token, ec, status, expires_at, created_by, description)
       ON CONFLICT (id) DO UPDATE SET virtual_account = excluded.virtual_account, token = excluded.token, export_controlled = excluded.export_controlled,
         status = excluded.status, expires_at = excluded.expires_at, synced_at = excluded.synced_at`,
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
