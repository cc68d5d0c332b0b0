import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Rows are read in keyset batches of this size: a report is never whole in memory. */
export const REPORT_BATCH = 2_000;

export interface VaLicenseRow {
  smart_account_id: string;
  virtual_account: string;
  license: string;
  quantity: number;
  in_use: number;
  available: number;
  status: string;
  details: { licenseType: string; quantity: number; subscriptionId?: string | null; endDate?: string | null }[];
  transport: string;
  domain: string | null;
  local_account: string | null;
}

export interface ClusterUsageRow {
  customer_id: string;
  customer_name: string;
  cluster_id: string;
  cluster_name: string;
  type: string;
  version: string;
  publisher: string | null;
  status: string | null;
  virtual_account: string | null;
  license: string;
  count: number;
  application_type: string;
  license_mode: string | null;
  transport: string | null;
  domain: string | null;
  local_account: string | null;
}

export interface OrderedRow {
  customer_id: string;
  subscription_id: string;
  license_model: string | null;
  license: string;
  quantity: number;
  end_date: string | null;
}

export interface CustomerUsageRow {
  customer_id: string;
  license: string;
  application_type: string;
  count: number;
}

export interface UnknownClusterUsageRow {
  cluster_id: string;
  license: string;
  application_type: string;
  count: number;
}

const LM_JOIN = `LEFT JOIN smart_account sa ON sa.id = X.smart_account_id
  LEFT JOIN virtual_account va ON va.smart_account_id = X.smart_account_id AND va.name = X.virtual_account`;
const LM_COLUMNS = `coalesce(sa.type, va.smart_account_type, 'CSSM') AS transport, coalesce(sa.domain, va.smart_account_domain) AS domain, sa.local_account`;

/** Keyset-paginated reads of the read models for the reports and the dashboard. */
@Injectable()
export class ReportDataRepository {
  constructor(private readonly dataSource: DataSource) {}

  async *vaLicenses(): AsyncGenerator<VaLicenseRow[]> {
    let key = ['', '', ''];
    for (;;) {
      const rows: VaLicenseRow[] = await this.dataSource.query(
        `SELECT l.smart_account_id, l.virtual_account, l.license, l.quantity, l.in_use, l.available, l.status, l.details, ${LM_COLUMNS}
         FROM va_license l ${LM_JOIN.replaceAll('X.', 'l.')}
         WHERE (l.smart_account_id, l.virtual_account, l.license) > ($1, $2, $3)
         ORDER BY l.smart_account_id, l.virtual_account, l.license LIMIT ${REPORT_BATCH}`,
        key,
      );
      if (!rows.length) return;
      yield rows;
      const last = rows[rows.length - 1]!;
      key = [last.smart_account_id, last.virtual_account, last.license];
    }
  }

  /** Highest major version per virtual account and application type of the clusters assigned to it. */
  async vaVersions(): Promise<{ smart_account_id: string; virtual_account: string; type: string; major: number }[]> {
    return this.dataSource.query(
      `SELECT smart_account_id, virtual_account, type, max(coalesce(substring(version from '(\\d+)')::int, 0))::int AS major
       FROM cluster WHERE virtual_account IS NOT NULL GROUP BY 1, 2, 3`,
    );
  }

  /** Usage per cluster and license, of known clusters, by customer then cluster. */
  async *clusterUsage(): AsyncGenerator<ClusterUsageRow[]> {
    let key = ['', '', ''];
    for (;;) {
      const rows: ClusterUsageRow[] = await this.dataSource.query(
        `SELECT c.customer_id, coalesce(cu.name, c.customer_id) AS customer_name, c.id AS cluster_id, c.name AS cluster_name, c.type, c.version, c.publisher,
           c.status, c.virtual_account, u.license, u.count, u.application_type, u.license_mode,
           CASE WHEN c.virtual_account IS NULL THEN NULL ELSE coalesce(sa.type, va.smart_account_type, 'CSSM') END AS transport,
           coalesce(sa.domain, va.smart_account_domain) AS domain, sa.local_account
         FROM license_usage u JOIN cluster c ON c.id = u.cluster_id LEFT JOIN customer cu ON cu.id = c.customer_id
         ${LM_JOIN.replaceAll('X.', 'c.')}
         WHERE (c.customer_id, c.id, u.license) > ($1, $2, $3)
         ORDER BY c.customer_id, c.id, u.license LIMIT ${REPORT_BATCH}`,
        key,
      );
      if (!rows.length) return;
      yield rows;
      const last = rows[rows.length - 1]!;
      key = [last.customer_id, last.cluster_id, last.license];
    }
  }

  /** Customer ids known to any read model (inventory, clusters, mappings), in batches. */
  async *customerBatches(size = 500): AsyncGenerator<{ id: string; name: string }[]> {
    let key = '';
    for (;;) {
      const rows: { id: string; name: string }[] = await this.dataSource.query(
        `SELECT x.id, coalesce(cu.name, x.id) AS name FROM (
           SELECT id FROM customer UNION SELECT customer_id FROM cluster UNION SELECT customer_id FROM subscription_mapping
         ) x LEFT JOIN customer cu ON cu.id = x.id WHERE x.id > $1 ORDER BY x.id LIMIT ${size}`,
        [key],
      );
      if (!rows.length) return;
      yield rows;
      key = rows[rows.length - 1]!.id;
    }
  }

  /**
   * Licenses ordered per customer and subscription: lines of the subscriptions mapped to the customer, in the
   * smart account's ordered virtual account when operational licenses are configured (guide: "HCM-F queries ordered
   * virtual account for licenses that are deposited per Subscription ID"), else in any virtual account.
   */
  ordered(customerIds: string[]): Promise<OrderedRow[]> {
    return this.dataSource.query(
      `SELECT m.customer_id, s.subscription_id, m.license_model, s.license, sum(s.quantity)::int AS quantity, to_char(max(s.end_date), 'YYYY-MM-DD') AS end_date
       FROM subscription_mapping m JOIN subscription_line s ON s.subscription_id = m.subscription_id
       LEFT JOIN smart_account sa ON sa.id = s.smart_account_id
       WHERE m.customer_id = ANY($1) AND (sa.ordered_virtual_account IS NULL OR s.virtual_account = sa.ordered_virtual_account)
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 4`,
      [customerIds],
    );
  }

  customerUsage(customerIds: string[]): Promise<CustomerUsageRow[]> {
    return this.dataSource.query(
      `SELECT c.customer_id, u.license, min(u.application_type) AS application_type, sum(u.count)::int AS count
       FROM license_usage u JOIN cluster c ON c.id = u.cluster_id WHERE c.customer_id = ANY($1) GROUP BY 1, 2 ORDER BY 1, 2`,
      [customerIds],
    );
  }

  expiringSubscriptions(customerIds: string[], withinDays: number): Promise<{ customer_id: string; expiring: number }[]> {
    return this.dataSource.query(
      `SELECT m.customer_id, count(DISTINCT m.subscription_id)::int AS expiring FROM subscription_mapping m
       JOIN subscription_line s ON s.subscription_id = m.subscription_id
       WHERE m.customer_id = ANY($1) AND s.end_date BETWEEN current_date AND current_date + $2::int GROUP BY 1`,
      [customerIds, withinDays],
    );
  }

  /** Usage of clusters the inventory does not know: kept, and shown as unmatched. */
  async *unknownClusterUsage(): AsyncGenerator<UnknownClusterUsageRow[]> {
    let key = ['', ''];
    for (;;) {
      const rows: UnknownClusterUsageRow[] = await this.dataSource.query(
        `SELECT u.cluster_id, u.license, u.application_type, u.count FROM license_usage u
         WHERE NOT EXISTS (SELECT 1 FROM cluster c WHERE c.id = u.cluster_id) AND (u.cluster_id, u.license) > ($1, $2)
         ORDER BY u.cluster_id, u.license LIMIT ${REPORT_BATCH}`,
        key,
      );
      if (!rows.length) return;
      yield rows;
      const last = rows[rows.length - 1]!;
      key = [last.cluster_id, last.license];
    }
  }

  /** Licenses per virtual account with the subscriptions expiring within N days (License Dashboard). */
  async vaDashboard(withinDays: number): Promise<{ smart_account_id: string; virtual_account: string; transport: string; domain: string | null; local_account: string | null; licenses: { license: string; quantity: number; in_use: number }[] | null; expiring: number }[]> {
    return this.dataSource.query(
      `SELECT v.smart_account_id, v.virtual_account, ${LM_COLUMNS},
         (SELECT json_agg(json_build_object('license', l.license, 'quantity', l.quantity, 'in_use', l.in_use) ORDER BY l.license) FROM va_license l
           WHERE l.smart_account_id = v.smart_account_id AND l.virtual_account = v.virtual_account) AS licenses,
         (SELECT count(DISTINCT s.subscription_id)::int FROM subscription_line s WHERE s.smart_account_id = v.smart_account_id
           AND s.virtual_account = v.virtual_account AND s.end_date BETWEEN current_date AND current_date + $1::int) AS expiring
       FROM (SELECT smart_account_id, name AS virtual_account FROM virtual_account
             UNION SELECT smart_account_id, virtual_account FROM va_license) v
       ${LM_JOIN.replaceAll('X.', 'v.')}
       ORDER BY 1, 2`,
      [withinDays],
    );
  }
}
