import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SmartAccountType, SmartlicError, TransportMode } from '#libs/contracts';
import { queryReturning } from '#libs/persistence';

export interface ProxyColumn {
  host: string;
  port: number;
  username: string | null;
}

export interface SatelliteColumn {
  host: string;
  port: number;
  registrationUrl: string;
  tokenUrl: string;
  localAccount: string;
}

/** The ordered and operational VA names checked against CSSM when saved: confirmed (`error` null) or not checked yet. */
export interface OperationalVaCheck {
  names: string[];
  at: string;
  error: SmartlicError | null;
}

/** A row of `smart_account`; `client_secret` and `proxy_password` are ciphertexts. */
export interface SmartAccountRow {
  id: string;
  name: string | null;
  cssm_name: string | null;
  domain: string;
  type: SmartAccountType;
  transport_mode: TransportMode;
  /** Follows the global Transport Mode: the transport columns are a copy of it. */
  transport_inherited: boolean;
  authentication_gateway: string | null;
  cssm_server: string | null;
  proxy: ProxyColumn | null;
  proxy_password: string | null;
  satellite: SatelliteColumn | null;
  client_id: string;
  client_secret: string;
  operational_licenses: { opted: boolean; orderedVirtualAccount: string | null; operationalVirtualAccount: string | null; autoRegistration: boolean };
  /** The ordered/operational VA names as CSSM confirmed them at save time, or why it could not (before the first sync). */
  operational_va_check: OperationalVaCheck | null;
  sync_interval_seconds: number;
  next_sync_at: Date | null;
  cssm_status: string | null;
  last_sync_at: Date | null;
  last_sync_status: string;
  last_sync_error: SmartlicError | null;
  created_at: Date;
  updated_at: Date;
}

export type SmartAccountSettings = Omit<SmartAccountRow, 'cssm_name' | 'next_sync_at' | 'cssm_status' | 'last_sync_at' | 'last_sync_status' | 'last_sync_error' | 'created_at' | 'updated_at'>;

/** A smart account with what the Smart Account Summary shows beside it. */
export interface SmartAccountSummaryRow extends SmartAccountRow {
  va_count: number;
  out_of_compliance_vas: number;
  /** Ordered / operational VA names of the settings that the synced copy does not hold (live). */
  missing_operational_vas: string[];
}

const SUMMARY = `SELECT sa.*,
    (SELECT count(*)::int FROM virtual_account va WHERE va.smart_account_id = sa.id AND va.removed_at IS NULL) AS va_count,
    ARRAY(SELECT n FROM unnest(ARRAY[sa.operational_licenses->>'orderedVirtualAccount', sa.operational_licenses->>'operationalVirtualAccount']) AS n
      WHERE n IS NOT NULL AND NOT EXISTS (SELECT 1 FROM virtual_account va WHERE va.smart_account_id = sa.id AND va.name = n AND va.removed_at IS NULL)) AS missing_operational_vas,
    (SELECT count(*)::int FROM license_snapshot ls WHERE ls.smart_account_id = sa.id AND ls.licenses @> '[{"status":"Out of Compliance"}]') AS out_of_compliance_vas
  FROM smart_account sa`;

const COLUMNS = ['id', 'name', 'domain', 'type', 'transport_mode', 'transport_inherited', 'authentication_gateway', 'cssm_server', 'proxy', 'proxy_password', 'satellite', 'client_id', 'client_secret', 'operational_licenses', 'operational_va_check', 'sync_interval_seconds'] as const;

const values = (s: SmartAccountSettings): unknown[] =>
  COLUMNS.map((c) => {
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
    const rows: SmartAccountRow[] = await this.m(manager).query(`SELECT * FROM smart_account WHERE id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`, [id]);
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
  async otherWithOperationalLicenses(m: EntityManager, type: 'CSSM' | 'Satellite', exceptId: string): Promise<{ id: string; name: string | null; domain: string } | undefined> {
    const flag = type === 'CSSM' ? 'opted' : 'autoRegistration';
    const rows: { id: string; name: string | null; domain: string }[] = await m.query(
      `SELECT id, name, domain FROM smart_account WHERE type = $1 AND (operational_licenses->>'${flag}')::boolean AND id <> $2::uuid LIMIT 1`,
      [type, exceptId],
    );
    return rows[0];
  }

  /** Names of the smart account's synced virtual accounts (empty before its first sync). */
  async syncedVirtualAccountNames(m: EntityManager, smartAccountId: string): Promise<Set<string>> {
    const rows: { name: string }[] = await m.query('SELECT name FROM virtual_account WHERE smart_account_id = $1 AND removed_at IS NULL', [smartAccountId]);
    return new Set(rows.map((r) => r.name));
  }

  /** The accounts that follow the global Transport Mode, locked for the change of their transport. */
  async inheritingTransport(m: EntityManager): Promise<SmartAccountRow[]> {
    return m.query('SELECT * FROM smart_account WHERE transport_inherited ORDER BY id FOR NO KEY UPDATE');
  }

  /** A new copy of the global transport for an account that follows it. */
  async setTransport(m: EntityManager, id: string, t: Pick<SmartAccountRow, 'transport_mode' | 'authentication_gateway' | 'cssm_server' | 'proxy' | 'proxy_password'>): Promise<void> {
    await m.query(
      'UPDATE smart_account SET transport_mode = $2, authentication_gateway = $3, cssm_server = $4, proxy = $5, proxy_password = $6, updated_at = now() WHERE id = $1',
      [id, t.transport_mode, t.authentication_gateway, t.cssm_server, t.proxy ? JSON.stringify(t.proxy) : null, t.proxy_password],
    );
  }

  /** Claims the accounts whose scheduled sync is due and moves their next sync one interval on (safe across replicas). */
  async claimDue(limit: number): Promise<string[]> {
    const rows = await queryReturning<{ id: string }>(
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
