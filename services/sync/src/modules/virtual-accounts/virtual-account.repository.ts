import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { LicenseLine, Subscription, VaAssignments, VirtualAccountView } from '#libs/contracts';
import { selectAs } from '#libs/persistence';
import { LicenseSnapshot } from '../../database/license-snapshot.entity.js';
import type { Subscription as SubscriptionRecord } from '../../database/subscription.entity.js';
import { VaAssignment } from '../../database/va-assignment.entity.js';
import { VirtualAccount } from '../../database/virtual-account.entity.js';
import { VA_EVENT_COLUMNS, type VirtualAccountEventRow } from '../sync-jobs/synced-copy.repository.js';

const VA_FIELDS = ['id', 'smartAccountId', 'name', 'description', 'accessLevel', 'isDefault', 'removedAt', 'syncedAt'] as const;

/** The VA with its smart account's name and type and its assignment counts. */
type VaRow = Pick<VirtualAccount, (typeof VA_FIELDS)[number]> & {
  smartAccountName: string;
  smartAccountType: VirtualAccountView['smartAccountType'];
  clusters: number;
  customers: number;
};

const SELECT = `SELECT ${selectAs(VirtualAccount, VA_FIELDS, 'va')}, coalesce(sa.name, sa.cssm_name, sa.domain) AS "smartAccountName", sa.type AS "smartAccountType",
    coalesce(a.clusters, 0) AS clusters, coalesce(a.customers, 0) AS customers
  FROM virtual_account va
  JOIN smart_account sa ON sa.id = va.smart_account_id
  LEFT JOIN va_assignment a ON a.smart_account_id = va.smart_account_id::text AND a.virtual_account = va.name`;

const toView = (r: VaRow): VirtualAccountView => ({
  id: r.id,
  smartAccountId: r.smartAccountId,
  smartAccountName: r.smartAccountName,
  smartAccountType: r.smartAccountType,
  name: r.name,
  description: r.description,
  accessLevel: r.accessLevel,
  isDefault: r.isDefault,
  clusters: r.clusters,
  customers: r.customers,
  removed: r.removedAt !== null,
  syncedAt: r.syncedAt.toISOString(),
});

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** The Virtual Account Summary and the local copy of each VA's licenses and subscriptions. */
@Injectable()
export class VirtualAccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: { smartAccountId?: string; name?: string; includeRemoved: boolean; limit: number; offset: number }): Promise<{ total: number; items: VirtualAccountView[] }> {
    if (q.smartAccountId !== undefined && !isUuid(q.smartAccountId)) return { total: 0, items: [] };
    const where = `WHERE ($1::uuid IS NULL OR va.smart_account_id = $1) AND ($2::text IS NULL OR va.name = $2) AND ($3 OR va.removed_at IS NULL)`;
    const params = [q.smartAccountId ?? null, q.name ?? null, q.includeRemoved];
    const [rows, total] = await Promise.all([
      this.dataSource.query(`${SELECT} ${where} ORDER BY "smartAccountName", va.name LIMIT $4 OFFSET $5`, [...params, q.limit, q.offset]) as Promise<VaRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM virtual_account va ${where}`, params) as Promise<{ n: number }[]>,
    ]);
    return { total: total[0]!.n, items: rows.map(toView) };
  }

  async get(id: string): Promise<VirtualAccountView | undefined> {
    if (!isUuid(id)) return undefined;
    const rows: VaRow[] = await this.dataSource.query(`${SELECT} WHERE va.id = $1`, [id]);
    return rows[0] ? toView(rows[0]) : undefined;
  }

  async findByName(smartAccountId: string, name: string): Promise<VirtualAccountView | undefined> {
    if (!isUuid(smartAccountId)) return undefined;
    const rows: VaRow[] = await this.dataSource.query(`${SELECT} WHERE va.smart_account_id = $1 AND va.name = $2 AND va.removed_at IS NULL`, [smartAccountId, name]);
    return rows[0] ? toView(rows[0]) : undefined;
  }

  async licenses(smartAccountId: string, virtualAccount: string): Promise<{ items: LicenseLine[]; syncedAt: string | null }> {
    const rows: Pick<LicenseSnapshot, 'licenses' | 'syncedAt'>[] = await this.dataSource.query(
      `SELECT ${selectAs(LicenseSnapshot, ['licenses', 'syncedAt'])} FROM license_snapshot WHERE smart_account_id = $1 AND virtual_account = $2`,
      [smartAccountId, virtualAccount],
    );
    return { items: rows[0]?.licenses ?? [], syncedAt: rows[0]?.syncedAt.toISOString() ?? null };
  }

  async subscriptions(smartAccountId: string, virtualAccount: string): Promise<Subscription[]> {
    const rows: Pick<SubscriptionRecord, 'data'>[] = await this.dataSource.query(
      'SELECT data FROM subscription WHERE smart_account_id = $1 AND virtual_account = $2 AND removed_at IS NULL ORDER BY subscription_id, license',
      [smartAccountId, virtualAccount],
    );
    return rows.map((r) => r.data);
  }

  /**
   * Applies registration's counts of a VA when they are newer than the stored ones: by version when both have one
   * (concurrent jobs publish in any order), else by occurredAt (messages of a registration without versions).
   */
  async applyAssignments(m: EntityManager, a: VaAssignments, occurredAt: string): Promise<void> {
    await m.query(
      `INSERT INTO va_assignment AS v (smart_account_id, virtual_account, clusters, customers, source_occurred_at, version) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (smart_account_id, virtual_account) DO UPDATE SET clusters = excluded.clusters, customers = excluded.customers,
         source_occurred_at = excluded.source_occurred_at, version = COALESCE(excluded.version, v.version)
       WHERE CASE WHEN excluded.version IS NOT NULL AND v.version IS NOT NULL THEN excluded.version > v.version
                  WHEN excluded.version IS NOT NULL THEN true
                  ELSE excluded.source_occurred_at >= v.source_occurred_at END`,
      [a.smartAccountId, a.virtualAccount, a.clusters, a.customers, occurredAt, a.version ?? null],
    );
  }

  /** The VAs of an account that have clusters assigned (registration's counts). */
  async assignedClusters(m: EntityManager, smartAccountId: string): Promise<{ virtualAccount: string; clusters: number }[]> {
    return m.query(`SELECT ${selectAs(VaAssignment, ['virtualAccount', 'clusters'])} FROM va_assignment WHERE smart_account_id = $1 AND clusters > 0 ORDER BY virtual_account`, [
      smartAccountId,
    ]);
  }

  /** The account's virtual accounts not removed, with what their removal events carry. */
  async current(m: EntityManager, smartAccountId: string): Promise<VirtualAccountEventRow[]> {
    return m.query(`SELECT ${VA_EVENT_COLUMNS} FROM virtual_account WHERE smart_account_id = $1 AND removed_at IS NULL`, [smartAccountId]);
  }
}
