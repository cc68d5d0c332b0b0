import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { selectAs, type OuterJoined } from '#libs/persistence';
import { Cluster } from '../../database/cluster.entity.js';
import type { Customer } from '../../database/customer.entity.js';
import { LicenseUsage } from '../../database/license-usage.entity.js';
import { SmartAccount } from '../../database/smart-account.entity.js';
import { SubscriptionLine } from '../../database/subscription-line.entity.js';
import { SubscriptionMapping } from '../../database/subscription-mapping.entity.js';
import { VaLicense } from '../../database/va-license.entity.js';
import { PlmClusterLicense } from '../plm/plm-cluster-license.entity.js';
import { PlmCluster } from '../plm/plm-cluster.entity.js';
import { PlmLicenseManager } from '../plm/plm-license-manager.entity.js';
import { PlmLicense } from '../plm/plm-license.entity.js';

/** Rows are read in keyset batches of this size: a report is never whole in memory. */
export const REPORT_BATCH = 2_000;

/**
 * Row types of the reports' reads, from the read models' entities. A column a statement computes (a coalesce over
 * a join, a sum, a max) is typed as the entity field it yields; a figure no table holds (a major version, a count
 * of subscriptions) is typed on its own beside the Picks.
 */

/** Which smart account a virtual account's licenses come through (LM_COLUMNS): its transport, domain and local account. */
export type LicenseManagerColumns = {
  /** The smart account's type, else the one sync announced for the VA, else CSSM. */
  transport: SmartAccount['type'];
  domain: SmartAccount['domain'] | null;
} & OuterJoined<Pick<SmartAccount, 'localAccount'>>;

/** One license of a virtual account (PLMINFO rows) with its smart account's transport. */
export type VaLicenseRow = Pick<VaLicense, 'smartAccountId' | 'virtualAccount' | 'license' | 'quantity' | 'inUse' | 'available' | 'status' | 'details'> & LicenseManagerColumns;

/** Usage per cluster and license (CUSTLICENSEINFO rows, HLM) with the cluster's assignment and its smart account's transport. */
export type ClusterUsageRow = Pick<Cluster, 'customerId' | 'type' | 'version' | 'publisher' | 'status' | 'virtualAccount'> &
  Pick<LicenseUsage, 'license' | 'count' | 'applicationType' | 'licenseMode'> & {
    clusterId: Cluster['id'];
    clusterName: Cluster['name'];
    /** The customer's name, else its id. */
    customerName: Customer['name'];
    /** Null when the cluster is not assigned to a virtual account. */
    transport: SmartAccount['type'] | null;
  } & Omit<LicenseManagerColumns, 'transport'>;

/** Licenses ordered per customer and subscription (summed quantity, latest end date as YYYY-MM-DD). */
export type OrderedRow = Pick<SubscriptionMapping, 'customerId' | 'licenseModel'> & Pick<SubscriptionLine, 'subscriptionId' | 'license' | 'quantity' | 'endDate'>;

/** Usage of a customer's clusters per license, summed (`applicationType`: one of its clusters'). */
export type CustomerUsageRow = Pick<Cluster, 'customerId'> & Pick<LicenseUsage, 'license' | 'applicationType' | 'count'>;

export type UnknownClusterUsageRow = Pick<LicenseUsage, 'clusterId' | 'license' | 'applicationType' | 'count'>;

/** One license type of a Prime License Manager (PLMINF0 rows, dashboard). */
export type PlmLicenseRow = Pick<PlmLicense, 'licenseManagerId' | 'licenseType' | 'installed' | 'required' | 'available'> & Pick<PlmLicenseManager, 'hostname'>;

/**
 * What a PLM-licensed cluster consumes of one license type (CUSTLICENSEINF0 rows, HLM): the PLM's inventory of the
 * cluster, with name, publisher and status from registration's inventory when it knows the cluster.
 */
export type PlmClusterUsageRow = Pick<PlmClusterLicense, 'licenseManagerId' | 'licenseType' | 'count'> &
  Pick<PlmLicenseManager, 'hostname' | 'licenseMode'> &
  Pick<PlmCluster, 'customerId' | 'clusterId' | 'type' | 'version'> &
  OuterJoined<Pick<Cluster, 'publisher' | 'status'>> & {
    /** The customer's name, else its id. */
    customerName: Customer['name'];
    /** The inventory's name of the cluster, else its id. */
    clusterName: Cluster['name'];
  };

/** Highest major version (of `version`'s first number) of the clusters of a group. */
type MajorVersion = { major: number };

/** License Managers still present (a removed one keeps only its tombstone row). */
const LIVE_PLM = 'plm_license_manager lm ON lm.id = X.license_manager_id AND lm.removed_at IS NULL';

const LM_JOIN = `LEFT JOIN smart_account sa ON sa.id = X.smart_account_id
  LEFT JOIN virtual_account va ON va.smart_account_id = X.smart_account_id AND va.name = X.virtual_account`;
const LM_COLUMNS = `coalesce(sa.type, va.smart_account_type, 'CSSM') AS transport, coalesce(sa.domain, va.smart_account_domain) AS domain, ${selectAs(SmartAccount, ['localAccount'], 'sa')}`;

/** Where a read runs: the data source, or the transaction of a write that reads what it just changed. */
type Queryable = Pick<EntityManager, 'query'>;

/** Keyset-paginated reads of the read models for the reports and the dashboard. */
@Injectable()
export class ReportDataRepository {
  constructor(private readonly dataSource: DataSource) {}

  async *vaLicenses(): AsyncGenerator<VaLicenseRow[]> {
    let key = ['', '', ''];
    for (;;) {
      const rows: VaLicenseRow[] = await this.dataSource.query(
        `SELECT ${selectAs(VaLicense, ['smartAccountId', 'virtualAccount', 'license', 'quantity', 'inUse', 'available', 'status', 'details'], 'l')}, ${LM_COLUMNS}
         FROM va_license l ${LM_JOIN.replaceAll('X.', 'l.')}
         WHERE (l.smart_account_id, l.virtual_account, l.license) > ($1, $2, $3)
         ORDER BY l.smart_account_id, l.virtual_account, l.license LIMIT ${REPORT_BATCH}`,
        key,
      );
      if (!rows.length) return;
      yield rows;
      const last = rows[rows.length - 1]!;
      key = [last.smartAccountId, last.virtualAccount, last.license];
    }
  }

  /** Highest major version per virtual account and application type of the clusters assigned to it. */
  async vaVersions(): Promise<(Pick<Cluster, 'smartAccountId' | 'virtualAccount' | 'type'> & MajorVersion)[]> {
    return this.dataSource.query(
      `SELECT ${selectAs(Cluster, ['smartAccountId', 'virtualAccount', 'type'])}, max(coalesce(substring(version from '(\\d+)')::int, 0))::int AS major
       FROM cluster WHERE virtual_account IS NOT NULL GROUP BY 1, 2, 3`,
    );
  }

  /** Usage per cluster and license, of known clusters, by customer then cluster. */
  async *clusterUsage(): AsyncGenerator<ClusterUsageRow[]> {
    let key = ['', '', ''];
    for (;;) {
      const rows: ClusterUsageRow[] = await this.dataSource.query(
        `SELECT ${selectAs(Cluster, ['customerId'], 'c')}, coalesce(cu.name, c.customer_id) AS "customerName", c.id AS "clusterId", c.name AS "clusterName",
           ${selectAs(Cluster, ['type', 'version', 'publisher', 'status', 'virtualAccount'], 'c')}, ${selectAs(LicenseUsage, ['license', 'count', 'applicationType', 'licenseMode'], 'u')},
           CASE WHEN c.virtual_account IS NULL THEN NULL ELSE coalesce(sa.type, va.smart_account_type, 'CSSM') END AS transport,
           coalesce(sa.domain, va.smart_account_domain) AS domain, ${selectAs(SmartAccount, ['localAccount'], 'sa')}
         FROM license_usage u JOIN cluster c ON c.id = u.cluster_id LEFT JOIN customer cu ON cu.id = c.customer_id
         ${LM_JOIN.replaceAll('X.', 'c.')}
         WHERE (c.customer_id, c.id, u.license) > ($1, $2, $3)
         ORDER BY c.customer_id, c.id, u.license LIMIT ${REPORT_BATCH}`,
        key,
      );
      if (!rows.length) return;
      yield rows;
      const last = rows[rows.length - 1]!;
      key = [last.customerId, last.clusterId, last.license];
    }
  }

  /** Customer ids known to any read model (inventory, clusters, mappings), in batches. */
  async *customerBatches(size = 500): AsyncGenerator<Pick<Customer, 'id' | 'name'>[]> {
    let key = '';
    for (;;) {
      const rows: Pick<Customer, 'id' | 'name'>[] = await this.dataSource.query(
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
  ordered(customerIds: string[], runner: Queryable = this.dataSource): Promise<OrderedRow[]> {
    return runner.query(
      `SELECT ${selectAs(SubscriptionMapping, ['customerId'], 'm')}, ${selectAs(SubscriptionLine, ['subscriptionId'], 's')}, ${selectAs(SubscriptionMapping, ['licenseModel'], 'm')}, s.license,
         sum(s.quantity)::int AS quantity, to_char(max(s.end_date), 'YYYY-MM-DD') AS "endDate"
       FROM subscription_mapping m JOIN subscription_line s ON s.subscription_id = m.subscription_id
       LEFT JOIN smart_account sa ON sa.id = s.smart_account_id
       WHERE m.customer_id = ANY($1) AND (sa.ordered_virtual_account IS NULL OR s.virtual_account = sa.ordered_virtual_account)
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 4`,
      [customerIds],
    );
  }

  customerUsage(customerIds: string[], runner: Queryable = this.dataSource): Promise<CustomerUsageRow[]> {
    return runner.query(
      `SELECT ${selectAs(Cluster, ['customerId'], 'c')}, u.license, min(u.application_type) AS "applicationType", sum(u.count)::int AS count
       FROM license_usage u JOIN cluster c ON c.id = u.cluster_id WHERE c.customer_id = ANY($1) GROUP BY 1, 2 ORDER BY 1, 2`,
      [customerIds],
    );
  }

  /** What the customers' PLM-licensed clusters consume, per customer and PLM license type. */
  plmCustomerUsage(customerIds: string[]): Promise<CustomerUsageRow[]> {
    return this.dataSource.query(
      `SELECT ${selectAs(PlmCluster, ['customerId'], 'pc')}, u.license_type AS license, min(pc.type) AS "applicationType", sum(u.count)::int AS count
       FROM plm_cluster_license u JOIN plm_cluster pc ON pc.license_manager_id = u.license_manager_id AND pc.cluster_id = u.cluster_id
       JOIN ${LIVE_PLM.replaceAll('X.', 'u.')}
       WHERE pc.customer_id = ANY($1) GROUP BY 1, 2 ORDER BY 1, 2`,
      [customerIds],
    );
  }

  /** Per customer, PLM and license type: what the customer's clusters consume there and what the PLM has left. */
  plmCustomerLicenses(
    customerIds: string[],
  ): Promise<(Pick<PlmCluster, 'customerId'> & Pick<PlmClusterLicense, 'licenseManagerId' | 'licenseType' | 'count'> & Pick<PlmLicenseManager, 'hostname'> & Pick<PlmLicense, 'available'>)[]> {
    return this.dataSource.query(
      `SELECT ${selectAs(PlmCluster, ['customerId'], 'pc')}, ${selectAs(PlmClusterLicense, ['licenseManagerId'], 'u')}, lm.hostname, ${selectAs(PlmClusterLicense, ['licenseType'], 'u')},
         sum(u.count)::int AS count, coalesce(min(l.available), 0)::int AS available
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
        `SELECT ${selectAs(PlmLicense, ['licenseManagerId'], 'l')}, lm.hostname, ${selectAs(PlmLicense, ['licenseType', 'installed', 'required', 'available'], 'l')}
         FROM plm_license l JOIN ${LIVE_PLM.replaceAll('X.', 'l.')}
         WHERE (lm.hostname, l.license_manager_id, l.license_type) > ($1, $2, $3)
         ORDER BY lm.hostname, l.license_manager_id, l.license_type LIMIT ${REPORT_BATCH}`,
        key,
      );
      if (!rows.length) return;
      yield rows;
      const last = rows[rows.length - 1]!;
      key = [last.hostname, last.licenseManagerId, last.licenseType];
    }
  }

  /** Highest major version per License Manager and cluster type of the clusters it licenses. */
  plmVersions(): Promise<(Pick<PlmCluster, 'licenseManagerId' | 'type'> & MajorVersion)[]> {
    return this.dataSource.query(
      `SELECT ${selectAs(PlmCluster, ['licenseManagerId', 'type'], 'pc')}, max(coalesce(substring(pc.version from '(\\d+)')::int, 0))::int AS major
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
        `SELECT ${selectAs(PlmClusterLicense, ['licenseManagerId'], 'u')}, ${selectAs(PlmLicenseManager, ['hostname', 'licenseMode'], 'lm')}, ${selectAs(PlmCluster, ['customerId'], 'pc')},
           coalesce(cu.name, pc.customer_id) AS "customerName", ${selectAs(PlmCluster, ['clusterId'], 'pc')}, coalesce(nullif(c.name, c.id), pc.cluster_id) AS "clusterName",
           ${selectAs(PlmCluster, ['type', 'version'], 'pc')}, ${selectAs(Cluster, ['publisher', 'status'], 'c')}, ${selectAs(PlmClusterLicense, ['licenseType', 'count'], 'u')}
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
      key = [last.customerId, last.clusterId, last.licenseType, last.licenseManagerId];
    }
  }

  /** Per customer, how many of its subscriptions end within `withinDays`. */
  expiringSubscriptions(customerIds: string[], withinDays: number): Promise<(Pick<SubscriptionMapping, 'customerId'> & { expiring: number })[]> {
    return this.dataSource.query(
      `SELECT ${selectAs(SubscriptionMapping, ['customerId'], 'm')}, count(DISTINCT m.subscription_id)::int AS expiring FROM subscription_mapping m
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
        `SELECT ${selectAs(LicenseUsage, ['clusterId', 'license', 'applicationType', 'count'], 'u')} FROM license_usage u
         WHERE NOT EXISTS (SELECT 1 FROM cluster c WHERE c.id = u.cluster_id) AND (u.cluster_id, u.license) > ($1, $2)
         ORDER BY u.cluster_id, u.license LIMIT ${REPORT_BATCH}`,
        key,
      );
      if (!rows.length) return;
      yield rows;
      const last = rows[rows.length - 1]!;
      key = [last.clusterId, last.license];
    }
  }

  /** Licenses per virtual account with the subscriptions expiring within N days (License Dashboard). */
  async vaDashboard(
    withinDays: number,
  ): Promise<(Pick<VaLicense, 'smartAccountId' | 'virtualAccount'> & LicenseManagerColumns & { licenses: Pick<VaLicense, 'license' | 'quantity' | 'inUse'>[] | null; expiring: number })[]> {
    return this.dataSource.query(
      `SELECT v.smart_account_id AS "smartAccountId", v.virtual_account AS "virtualAccount", ${LM_COLUMNS},
         (SELECT json_agg(json_build_object('license', l.license, 'quantity', l.quantity, 'inUse', l.in_use) ORDER BY l.license) FROM va_license l
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
