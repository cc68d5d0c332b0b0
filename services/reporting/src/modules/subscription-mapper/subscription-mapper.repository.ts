import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PROVIDER_CUSTOMER, type LicenseModel, type SubscriptionMapperRow } from '#libs/contracts';

/** A license line of a subscription; `counted` when the Flex Usage counts it as ordered (in the ordered VA, if any). */
export interface SubscriptionLineDetail extends Omit<SubscriptionMapperRow['licenseDetails'][number], 'consumed'> {
  counted: boolean;
}

/** A Subscription Mapper row before consumption is attributed to it. */
export interface StoredSubscriptionRow extends Omit<SubscriptionMapperRow, 'licenseDetails' | 'licensesConsumed'> {
  licenseDetails: SubscriptionLineDetail[];
}

interface Row {
  subscription_id: string;
  details: SubscriptionLineDetail[] | null;
  license_count: number | null;
  start_date: string | null;
  end_date: string | null;
  perpetual: boolean | null;
  customer_id: string | null;
  customer_name: string | null;
  license_model: LicenseModel | null;
}

export interface SubscriptionQuery {
  expiringWithinDays?: number;
  customerId?: string;
  sort: 'endDate' | 'subscriptionId';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const toRow = (r: Row): StoredSubscriptionRow => {
  const perpetual = r.perpetual === true;
  return {
    subscriptionId: r.subscription_id,
    licenseDetails: r.details ?? [],
    licenseCount: r.license_count ?? 0,
    // Start and end dates are valid only for Flex (term) licenses (guide: "Subscription Mapper").
    startDate: perpetual ? null : r.start_date,
    endDate: perpetual ? null : r.end_date,
    customerId: perpetual ? null : r.customer_id,
    customerName: perpetual ? PROVIDER_CUSTOMER : r.customer_id ? (r.customer_name ?? r.customer_id) : null,
    licenseModel: perpetual ? 'Perpetual' : r.license_model,
    perpetual,
  };
};

const SELECT = `WITH subs AS (
    SELECT s.subscription_id,
      json_agg(json_build_object('license', s.license, 'quantity', s.quantity, 'licenseType', s.license_type, 'smartAccountId', s.smart_account_id,
        'virtualAccount', s.virtual_account, 'counted', sa.ordered_virtual_account IS NULL OR s.virtual_account = sa.ordered_virtual_account)
        ORDER BY s.license, s.smart_account_id, s.virtual_account) AS details,
      sum(s.quantity)::int AS license_count, to_char(min(s.start_date), 'YYYY-MM-DD') AS start_date, to_char(max(s.end_date), 'YYYY-MM-DD') AS end_date,
      max(s.end_date) AS end_day, bool_and(s.license_type = 'PERPETUAL') AS perpetual
    FROM subscription_line s LEFT JOIN smart_account sa ON sa.id = s.smart_account_id GROUP BY s.subscription_id
  )
  SELECT coalesce(subs.subscription_id, m.subscription_id) AS subscription_id, subs.details, subs.license_count, subs.start_date, subs.end_date, subs.end_day,
    subs.perpetual, m.customer_id, cu.name AS customer_name, m.license_model
  FROM subs FULL JOIN subscription_mapping m ON m.subscription_id = subs.subscription_id
  LEFT JOIN customer cu ON cu.id = m.customer_id`;

/** The Subscription Mapper: subscriptions from sync joined with the mappings, which live apart and survive every sync. */
@Injectable()
export class SubscriptionMapperRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: SubscriptionQuery): Promise<{ total: number; items: StoredSubscriptionRow[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.expiringWithinDays !== undefined) {
      params.push(q.expiringWithinDays);
      where.push(`x.end_day BETWEEN current_date AND current_date + $${params.length}::int AND x.perpetual IS NOT TRUE`);
    }
    if (q.customerId) {
      params.push(q.customerId);
      where.push(`x.customer_id = $${params.length}`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    const order = q.sort === 'endDate' ? `x.end_day ${dir} NULLS LAST, x.subscription_id` : `x.subscription_id ${dir}`;
    const [rows, count]: [Row[], { total: number }[]] = await Promise.all([
      this.dataSource.query(`SELECT * FROM (${SELECT}) x ${filter} ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset}`, params),
      this.dataSource.query(`SELECT count(*)::int AS total FROM (${SELECT}) x ${filter}`, params),
    ]);
    return { total: count[0]!.total, items: rows.map(toRow) };
  }

  async get(m: EntityManager | DataSource, subscriptionId: string): Promise<StoredSubscriptionRow | undefined> {
    const rows: Row[] = await m.query(`SELECT * FROM (${SELECT}) x WHERE x.subscription_id = $1`, [subscriptionId]);
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async customerExists(m: EntityManager, customerId: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM customer WHERE id = $1', [customerId]);
    return rows.length === 1;
  }

  /** Maps, or changes the license model of the same mapping; returns the customer the subscription is mapped to. */
  async map(m: EntityManager, subscriptionId: string, customerId: string, licenseModel: LicenseModel): Promise<string> {
    const rows: { customer_id: string }[] = await m.query(
      `INSERT INTO subscription_mapping AS t (subscription_id, customer_id, license_model) VALUES ($1, $2, $3)
       ON CONFLICT (subscription_id) DO UPDATE SET license_model = excluded.license_model, mapped_at = now() WHERE t.customer_id = excluded.customer_id
       RETURNING customer_id`,
      [subscriptionId, customerId, licenseModel],
    );
    if (rows[0]) return rows[0].customer_id;
    const current: { customer_id: string }[] = await m.query('SELECT customer_id FROM subscription_mapping WHERE subscription_id = $1', [subscriptionId]);
    return current[0]!.customer_id;
  }

  async unmap(m: EntityManager, subscriptionId: string): Promise<void> {
    await m.query('DELETE FROM subscription_mapping WHERE subscription_id = $1', [subscriptionId]);
  }
}
