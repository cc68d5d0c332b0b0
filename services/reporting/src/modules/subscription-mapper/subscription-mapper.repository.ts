import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PROVIDER_CUSTOMER, type LicenseModel, type SubscriptionMapperRow } from '#libs/contracts';
import { columnList, selectAs, type OuterJoined } from '#libs/persistence';
import type { Customer } from '../../database/customer.entity.js';
import type { SubscriptionLine } from '../../database/subscription-line.entity.js';
import { SubscriptionMapping } from '../../database/subscription-mapping.entity.js';

/** A license line of a subscription; `counted` when the Flex Usage counts it as ordered (in the ordered VA, if any). */
export interface SubscriptionLineDetail extends Omit<SubscriptionMapperRow['licenseDetails'][number], 'consumed'> {
  counted: boolean;
}

/** A Subscription Mapper row before consumption is attributed to it. */
export interface StoredSubscriptionRow extends Omit<SubscriptionMapperRow, 'licenseDetails' | 'licensesConsumed'> {
  licenseDetails: SubscriptionLineDetail[];
}

/**
 * A subscription as selected: its lines aggregated (`subs`, absent for a mapping whose subscription sync no longer
 * reports) full-joined with its mapping (`m`, absent when unmapped). Typed by the SubscriptionLine, SubscriptionMapping
 * and Customer entities; the aggregates are typed as the line fields they sum or bound.
 */
type Row = Pick<SubscriptionLine, 'subscriptionId'> &
  OuterJoined<Pick<SubscriptionLine, 'startDate' | 'endDate'> & Pick<SubscriptionMapping, 'customerId' | 'licenseModel'>> & {
    /** json_agg of the lines (null: no line). */
    details: SubscriptionLineDetail[] | null;
    /** sum of the lines' quantity (null: no line). */
    licenseCount: SubscriptionLine['quantity'] | null;
    /** Every line is PERPETUAL (null: no line). */
    perpetual: boolean | null;
    customerName: Customer['name'] | null;
  };

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
    subscriptionId: r.subscriptionId,
    licenseDetails: r.details ?? [],
    licenseCount: r.licenseCount ?? 0,
    // Start and end dates are valid only for Flex (term) licenses (guide: "Subscription Mapper").
    startDate: perpetual ? null : r.startDate,
    endDate: perpetual ? null : r.endDate,
    customerId: perpetual ? null : r.customerId,
    customerName: perpetual ? PROVIDER_CUSTOMER : r.customerId ? (r.customerName ?? r.customerId) : null,
    licenseModel: perpetual ? 'Perpetual' : r.licenseModel,
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
  SELECT coalesce(subs.subscription_id, m.subscription_id) AS "subscriptionId", subs.details, subs.license_count AS "licenseCount", subs.start_date AS "startDate",
    subs.end_date AS "endDate", subs.end_day AS "endDay", subs.perpetual, ${selectAs(SubscriptionMapping, ['customerId'], 'm')}, cu.name AS "customerName",
    ${selectAs(SubscriptionMapping, ['licenseModel'], 'm')}
  FROM subs FULL JOIN subscription_mapping m ON m.subscription_id = subs.subscription_id
  LEFT JOIN customer cu ON cu.id = m.customer_id`;

type MappedTo = Pick<SubscriptionMapping, 'customerId'>;
const MAPPED_TO = selectAs(SubscriptionMapping, ['customerId']);

/** The Subscription Mapper: subscriptions from sync joined with the mappings, which live apart and survive every sync. */
@Injectable()
export class SubscriptionMapperRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(q: SubscriptionQuery): Promise<{ total: number; items: StoredSubscriptionRow[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.expiringWithinDays !== undefined) {
      params.push(q.expiringWithinDays);
      where.push(`x."endDay" BETWEEN current_date AND current_date + $${params.length}::int AND x.perpetual IS NOT TRUE`);
    }
    if (q.customerId) {
      params.push(q.customerId);
      where.push(`x."customerId" = $${params.length}`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    const order = q.sort === 'endDate' ? `x."endDay" ${dir} NULLS LAST, x."subscriptionId"` : `x."subscriptionId" ${dir}`;
    const [rows, count]: [Row[], { total: number }[]] = await Promise.all([
      this.dataSource.query(`SELECT * FROM (${SELECT}) x ${filter} ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset}`, params),
      this.dataSource.query(`SELECT count(*)::int AS total FROM (${SELECT}) x ${filter}`, params),
    ]);
    return { total: count[0]!.total, items: rows.map(toRow) };
  }

  async get(m: EntityManager | DataSource, subscriptionId: string): Promise<StoredSubscriptionRow | undefined> {
    const rows: Row[] = await m.query(`SELECT * FROM (${SELECT}) x WHERE x."subscriptionId" = $1`, [subscriptionId]);
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async customerExists(m: EntityManager, customerId: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM customer WHERE id = $1', [customerId]);
    return rows.length === 1;
  }

  /** Maps, or changes the license model of the same mapping; returns the customer the subscription is mapped to. */
  async map(m: EntityManager, subscriptionId: string, customerId: string, licenseModel: LicenseModel): Promise<string> {
    const rows: MappedTo[] = await m.query(
      `INSERT INTO subscription_mapping AS t (${columnList(SubscriptionMapping, ['subscriptionId', 'customerId', 'licenseModel'])}) VALUES ($1, $2, $3)
       ON CONFLICT (subscription_id) DO UPDATE SET license_model = excluded.license_model, mapped_at = now() WHERE t.customer_id = excluded.customer_id
       RETURNING ${MAPPED_TO}`,
      [subscriptionId, customerId, licenseModel],
    );
    if (rows[0]) return rows[0].customerId;
    const current: MappedTo[] = await m.query(`SELECT ${MAPPED_TO} FROM subscription_mapping WHERE subscription_id = $1`, [subscriptionId]);
    return current[0]!.customerId;
  }

  async unmap(m: EntityManager, subscriptionId: string): Promise<void> {
    await m.query('DELETE FROM subscription_mapping WHERE subscription_id = $1', [subscriptionId]);
  }
}
