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

/** One license type of a Prime License Manager (PLMINF0 rows, dashboard). */
export interface PlmLicenseRow {
  license_manager_id: string;
  hostname: string;
  license_type: string;
  installed: number;
  required: number;
  available: number;
}

/** What a PLM-licensed cluster consumes of one license type (CUSTLICENSEINF0 rows, HLM): a cluster usage row's cluster fields. */
export type PlmClusterUsageRow = Pick<
  ClusterUsageRow,
  'license_mode' | 'customer_id' | 'customer_name' | 'cluster_id' | 'cluster_name' | 'type' | 'version' | 'publisher' | 'status' | 'count'
> & { license_manager_id: string; hostname: string; license_type: string };

/** License Managers still present (a removed one keeps only its tombstone row). */
const LIVE_PLM = 'plm_license_manager lm ON lm.id = X.license_manager_id AND lm.removed_at IS NULL';

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
           UNION SELECT customer_id FROM plm_customer
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

  /** What the customers' PLM-licensed clusters consume, per customer and PLM license type. */
  plmCustomerUsage(customerIds: string[]): Promise<CustomerUsageRow[]> {
    return this.dataSource.query(
      `SELECT pc.customer_id, u.license_type AS license, min(pc.type) AS application_type, sum(u.count)::int AS count
       FROM plm_cluster_license u JOIN plm_cluster pc ON pc.license_manager_id = u.license_manager_id AND pc.cluster_id = u.cluster_id
       JOIN ${LIVE_PLM.replaceAll('X.', 'u.')}
       WHERE pc.customer_id = ANY($1) GROUP BY 1, 2 ORDER BY 1, 2`,
      [customerIds],
    );
  }

  /** Per customer, PLM and license type: what the customer's clusters consume there and what the PLM has left. */
  plmCustomerLicenses(customerIds: string[]): Promise<{ customer_id: string; license_manager_id: string; hostname: string; license_type: string; count: number; available: number }[]> {
    return this.dataSource.query(
      `SELECT pc.customer_id, u.license_manager_id, lm.hostname, u.license_type, sum(u.count)::int AS count, coalesce(min(l.available), 0)::int AS available
       FROM plm_cluster_license u JOIN plm_cluster pc ON pc.license_manager_id = u.license_manager_id AND pc.cluster_id = u.cluster_id
       JOIN ${LIVE_PLM.replaceAll('X.', 'u.')}
       LEFT JOIN plm_license l ON l.license_manager_id = u.license_manager_id AND l.license_type = u.license_type
       WHERE pc.customer_id = ANY($1) GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 2, 4`,
      [customerIds],
    );
  }

  /** Licenses of every Prime License Manager, by hostname then License Manager and license type. */
  async *plmLicenses(): AsyncGenerator<PlmLicenseRow[]> {
    let key = ['', '', ''];
    for (;;) {
      const rows: PlmLicenseRow[] = await this.dataSource.query(
        `SELECT l.license_manager_id, lm.hostname, l.license_type, l.installed, l.required, l.available
         FROM plm_license l JOIN ${LIVE_PLM.replaceAll('X.', 'l.')}
         WHERE (lm.hostname, l.license_manager_id, l.license_type) > ($1, $2, $3)
         ORDER BY lm.hostname, l.license_manager_id, l.license_type LIMIT ${REPORT_BATCH}`,
        key,
      );
      if (!rows.length) return;
      yield rows;
      const last = rows[rows.length - 1]!;
      key = [last.hostname, last.license_manager_id, last.license_type];
    }
  }

  /** Highest major version per License Manager and cluster type of the clusters it licenses. */
  plmVersions(): Promise<{ license_manager_id: string; type: string; major: number }[]> {
    return this.dataSource.query(
      `SELECT pc.license_manager_id, pc.type, max(coalesce(substring(pc.version from '(\\d+)')::int, 0))::int AS major
       FROM plm_cluster pc JOIN ${LIVE_PLM.replaceAll('X.', 'pc.')} GROUP BY 1, 2`,
    );
  }

  /**
   * Usage per PLM-licensed cluster and license type, by customer then cluster. Name, publisher and status come from
   * registration's inventory when it knows the cluster.
   */
  async *plmClusterUsage(): AsyncGenerator<PlmClusterUsageRow[]> {
    let key = ['', '', '', ''];
    for (;;) {
      const rows: PlmClusterUsageRow[] = await this.dataSource.query(
        `SELECT u.license_manager_id, lm.hostname, lm.license_mode, pc.customer_id, coalesce(cu.name, pc.customer_id) AS customer_name,
           pc.cluster_id, coalesce(nullif(c.name, c.id), pc.cluster_id) AS cluster_name, pc.type, pc.version, c.publisher, c.status,
           u.license_type, u.count
         FROM plm_cluster_license u JOIN plm_cluster pc ON pc.license_manager_id = u.license_manager_id AND pc.cluster_id = u.cluster_id
         JOIN ${LIVE_PLM.replaceAll('X.', 'u.')}
         LEFT JOIN cluster c ON c.id = pc.cluster_id LEFT JOIN customer cu ON cu.id = pc.customer_id
         WHERE (pc.customer_id, pc.cluster_id, u.license_type, u.license_manager_id) > ($1, $2, $3, $4)
         ORDER BY pc.customer_id, pc.cluster_id, u.license_type, u.license_manager_id LIMIT ${REPORT_BATCH}`,
        key,
      );
      if (!rows.length) return;
      yield rows;
      const last = rows[rows.length - 1]!;
      key = [last.customer_id, last.cluster_id, last.license_type, last.license_manager_id];
    }
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
