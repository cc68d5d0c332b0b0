import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SmartAccountType, SmartlicError } from '#libs/contracts';
import { columnOf, queryReturning, selectAs } from '#libs/persistence';
import { SmartAccount } from '../../database/smart-account.entity.js';
import type { VirtualAccount } from '../../database/virtual-account.entity.js';

export type { OperationalVaCheck, ProxyColumn, SatelliteColumn } from '../../database/smart-account.entity.js';

/** A row of `smart_account`; `clientSecret` and `proxyPassword` are ciphertexts. */
export type SmartAccountRow = SmartAccount;

export type SmartAccountSettings = Omit<SmartAccount, 'cssmName' | 'nextSyncAt' | 'cssmStatus' | 'lastSyncAt' | 'lastSyncStatus' | 'lastSyncError' | 'createdAt' | 'updatedAt'>;

/** A smart account with what the Smart Account Summary shows beside it. */
export interface SmartAccountSummaryRow extends SmartAccount {
  vaCount: number;
  outOfComplianceVas: number;
  /** Ordered / operational VA names of the settings that the synced copy does not hold (live). */
  missingOperationalVas: string[];
}

const ALL_COLUMNS = selectAs(SmartAccount);

const SUMMARY = `SELECT ${selectAs(SmartAccount, undefined, 'sa')},
    (SELECT count(*)::int FROM virtual_account va WHERE va.smart_account_id = sa.id AND va.removed_at IS NULL) AS "vaCount",
    ARRAY(SELECT n FROM unnest(ARRAY[sa.operational_licenses->>'orderedVirtualAccount', sa.operational_licenses->>'operationalVirtualAccount']) AS n
      WHERE n IS NOT NULL AND NOT EXISTS (SELECT 1 FROM virtual_account va WHERE va.smart_account_id = sa.id AND va.name = n AND va.removed_at IS NULL)) AS "missingOperationalVas",
    (SELECT count(*)::int FROM license_snapshot ls WHERE ls.smart_account_id = sa.id AND ls.licenses @> '[{"status":"Out of Compliance"}]') AS "outOfComplianceVas"
  FROM smart_account sa`;

const SETTINGS = ['id', 'name', 'domain', 'type', 'transportMode', 'transportInherited', 'authenticationGateway', 'cssmServer', 'proxy', 'proxyPassword', 'satellite', 'clientId', 'clientSecret', 'operationalLicenses', 'operationalVaCheck', 'syncIntervalSeconds'] as const satisfies readonly (keyof SmartAccountSettings)[];
const COLUMNS = SETTINGS.map((p) => columnOf(SmartAccount, p));

const values = (s: SmartAccountSettings): unknown[] =>
  SETTINGS.map((c) => {
    const v = s[c];
    return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  });

@Injectable()
export class SmartAccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(m: EntityManager, s: SmartAccountSettings, nextSyncAt: Date): Promise<void> {
    await m.query(
      `INSERT INTO smart_account (${COLUMNS.join(', ')}, next_sync_at) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}, $${COLUMNS.length + 1})`,
      [...values(s), nextSyncAt],
    );
  }

  async update(m: EntityManager, s: SmartAccountSettings, nextSyncAt: Date): Promise<void> {
    const sets = COLUMNS.slice(1).map((c, i) => `${c} = $${i + 2}`);
    await m.query(`UPDATE smart_account SET ${sets.join(', ')}, next_sync_at = $${COLUMNS.length + 1}, updated_at = now() WHERE id = $1`, [...values(s), nextSyncAt]);
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.query('DELETE FROM smart_account WHERE id = $1', [id]);
  }

  async get(id: string, manager?: EntityManager, lock = false): Promise<SmartAccountRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows: SmartAccountRow[] = await this.m(manager).query(`SELECT ${ALL_COLUMNS} FROM smart_account WHERE id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`, [id]);
    return rows[0];
  }

  async summary(id: string): Promise<SmartAccountSummaryRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows: SmartAccountSummaryRow[] = await this.dataSource.query(`${SUMMARY} WHERE sa.id = $1`, [id]);
    return rows[0];
  }

  async list(limit: number, offset: number): Promise<{ total: number; items: SmartAccountSummaryRow[] }> {
    const [items, total] = await Promise.all([
      this.dataSource.query(`${SUMMARY} ORDER BY coalesce(sa.name, sa.cssm_name, sa.domain), sa.id LIMIT $1 OFFSET $2`, [limit, offset]) as Promise<SmartAccountSummaryRow[]>,
      this.dataSource.query('SELECT count(*)::int AS n FROM smart_account') as Promise<{ n: number }[]>,
    ]);
    return { total: total[0]!.n, items };
  }

  async existsWithDomain(m: EntityManager, type: SmartAccountType, domain: string, exceptId?: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM smart_account WHERE type = $1 AND lower(domain) = lower($2) AND id IS DISTINCT FROM $3::uuid', [type, domain, exceptId ?? null]);
    return rows.length > 0;
  }

  /** Whether some Direct/Proxy smart account has opted for operational licenses (needed for satellite auto-registration). */
  async anyCssmAccountWithOperationalLicenses(m: EntityManager, exceptId?: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM smart_account WHERE type = 'CSSM' AND (operational_licenses->>'opted')::boolean AND id IS DISTINCT FROM $1::uuid`,
      [exceptId ?? null],
    );
    return rows.length > 0;
  }

  /** Another smart account of this type with operational licenses opted (CSSM) or auto-registration on (Satellite). */
  async otherWithOperationalLicenses(m: EntityManager, type: 'CSSM' | 'Satellite', exceptId: string): Promise<Pick<SmartAccount, 'id' | 'name' | 'domain'> | undefined> {
    const flag = type === 'CSSM' ? 'opted' : 'autoRegistration';
    const rows: Pick<SmartAccount, 'id' | 'name' | 'domain'>[] = await m.query(
      `SELECT id, name, domain FROM smart_account WHERE type = $1 AND (operational_licenses->>'${flag}')::boolean AND id <> $2::uuid LIMIT 1`,
      [type, exceptId],
    );
    return rows[0];
  }

  /** Names of the smart account's synced virtual accounts (empty before its first sync). */
  async syncedVirtualAccountNames(m: EntityManager, smartAccountId: string): Promise<Set<string>> {
    const rows: Pick<VirtualAccount, 'name'>[] = await m.query('SELECT name FROM virtual_account WHERE smart_account_id = $1 AND removed_at IS NULL', [smartAccountId]);
    return new Set(rows.map((r) => r.name));
  }

  /** The accounts that follow the global Transport Mode, locked for the change of their transport. */
  async inheritingTransport(m: EntityManager): Promise<SmartAccountRow[]> {
    return m.query(`SELECT ${ALL_COLUMNS} FROM smart_account WHERE transport_inherited ORDER BY id FOR NO KEY UPDATE`);
  }

  /** A new copy of the global transport for an account that follows it. */
  async setTransport(m: EntityManager, id: string, t: Pick<SmartAccount, 'transportMode' | 'authenticationGateway' | 'cssmServer' | 'proxy' | 'proxyPassword'>): Promise<void> {
    await m.query(
      'UPDATE smart_account SET transport_mode = $2, authentication_gateway = $3, cssm_server = $4, proxy = $5, proxy_password = $6, updated_at = now() WHERE id = $1',
      [id, t.transportMode, t.authenticationGateway, t.cssmServer, t.proxy ? JSON.stringify(t.proxy) : null, t.proxyPassword],
    );
  }

  /** Claims the accounts whose scheduled sync is due and moves their next sync one interval on (safe across replicas). */
  async claimDue(limit: number): Promise<string[]> {
    const rows = await queryReturning<Pick<SmartAccount, 'id'>>(
      this.dataSource,
      `UPDATE smart_account SET next_sync_at = now() + make_interval(secs => sync_interval_seconds)
       WHERE id IN (SELECT id FROM smart_account WHERE next_sync_at <= now() ORDER BY next_sync_at FOR UPDATE SKIP LOCKED LIMIT $1)
       RETURNING id`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  async recordSyncStarted(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE smart_account SET last_sync_status = 'In Progress', next_sync_at = now() + make_interval(secs => sync_interval_seconds) WHERE id = $1`, [id]);
  }

  async recordSyncSucceeded(m: EntityManager, id: string, cssm: { name: string | null; status: string | null }, at: Date): Promise<void> {
    await m.query(
      `UPDATE smart_account SET last_sync_status = 'Succeeded', last_sync_error = NULL, last_sync_at = $2,
         cssm_name = coalesce($3, cssm_name), cssm_status = coalesce($4, cssm_status) WHERE id = $1`,
      [id, at, cssm.name, cssm.status],
    );
  }

  async recordSyncFailed(m: EntityManager, id: string, error: SmartlicError): Promise<void> {
    await m.query(`UPDATE smart_account SET last_sync_status = 'Failed', last_sync_error = $2 WHERE id = $1`, [id, JSON.stringify(error)]);
  }
}
