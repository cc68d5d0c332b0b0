import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { batchDeleteSql, EXPIRED_BEFORE, runBatchDelete, type RetentionRule } from '#libs/persistence';
import { customerFlexUsage } from '../reports/flex-usage.report.js';
import { ReportDataRepository } from '../reports/report-data.repository.js';
import { lmName } from '../reports/report-license.js';
import type { LicenseSnapshotFact } from '../read-models/sync-facts.js';

export type HistoryScope = 'virtual-account' | 'customer';

/** One license's figures of a scope on a day. */
export interface LicenseFigures {
  license: string;
  purchased: number;
  consumed: number;
}

export interface HistoryRow extends LicenseFigures {
  day: string;
  scopeName: string;
}

/** The UTC day of an instant, in SQL. */
const DAY_OF = (param: string) => `(${param}::timestamptz AT TIME ZONE 'UTC')::date`;

/**
 * The License Dashboard's history (issue 18: "purchased vs consumed over time"): each scope's figures per license and
 * day, written in the transaction of the change they record. A scope's rows of a day are its whole set of licenses
 * at the last change of that day, so a day's sum is the scope's total.
 */
@Injectable()
export class LicenseHistoryRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly data: ReportDataRepository,
  ) {}

  /** A virtual account's snapshot: purchased is CSSM's quantity, consumed its in-use count (the dashboard's figures). */
  async recordVirtualAccount(m: EntityManager, s: LicenseSnapshotFact, at: string): Promise<void> {
    const names: { transport: string; domain: string | null; localAccount: string | null }[] = await m.query(
      `SELECT coalesce(sa.type, va.smart_account_type, 'CSSM') AS transport, coalesce(sa.domain, va.smart_account_domain) AS domain, sa.local_account AS "localAccount"
       FROM (SELECT 1) one LEFT JOIN smart_account sa ON sa.id = $1 LEFT JOIN virtual_account va ON va.smart_account_id = $1 AND va.name = $2`,
      [s.smartAccountId, s.virtualAccount],
    );
    const n = names[0]!;
    const perLicense = new Map<string, LicenseFigures>();
    for (const l of s.licenses) {
      const f = perLicense.get(l.license) ?? { license: l.license, purchased: 0, consumed: 0 };
      f.purchased += l.quantity;
      f.consumed += l.inUse;
      perLicense.set(l.license, f);
    }
    await this.record(m, 'virtual-account', `${s.smartAccountId}/${s.virtualAccount}`, lmName(s.virtualAccount, n.transport, n.domain, n.localAccount), [...perLicense.values()], at);
  }

  /** The customer of a cluster whose usage was just reported (none when reporting does not know the cluster). */
  async recordCustomerOfCluster(m: EntityManager, clusterId: string, at: string): Promise<void> {
    const owner: { customerId: string }[] = await m.query('SELECT customer_id AS "customerId" FROM cluster WHERE id = $1', [clusterId]);
    if (owner[0]) await this.recordCustomer(m, owner[0].customerId, at);
  }

  /**
   * A customer's day: purchased is what its mapped subscriptions ordered, consumed what its clusters use, as the Flex
   * Usage report and the customer-level dashboard attribute them. Written at a usage report of one of its clusters and
   * at a Subscription Mapper change of its subscriptions.
   */
  async recordCustomer(m: EntityManager, customerId: string, at: string): Promise<void> {
    // Changes of the customer's clusters and subscriptions commit one after the other: each sees the ones before it.
    await m.query("SELECT pg_advisory_xact_lock(hashtext('reporting.license_history'), hashtext($1))", [customerId]);
    const named: { name: string }[] = await m.query('SELECT name FROM customer WHERE id = $1', [customerId]);
    const customer = { customerId, name: named[0]?.name ?? customerId };
    const [ordered, usage] = [await this.data.ordered([customer.customerId], m), await this.data.customerUsage([customer.customerId], m)];
    const perLicense = new Map<string, LicenseFigures>();
    for (const r of customerFlexUsage(ordered, usage)) {
      const f = perLicense.get(r.license) ?? { license: r.license, purchased: 0, consumed: 0 };
      f.purchased += r.ordered;
      f.consumed += r.consumed;
      perLicense.set(r.license, f);
    }
    await this.record(m, 'customer', customer.customerId, customer.name, [...perLicense.values()], at);
  }

  /**
   * Replaces the scope's rows of the day of `at`. The callers write only a change they applied (an older snapshot or
   * collection is dropped before), and compute the figures from the read models as this transaction sees them, so
   * the last write of a day is the most complete one.
   */
  private async record(m: EntityManager, scope: HistoryScope, scopeId: string, scopeName: string, licenses: LicenseFigures[], at: string): Promise<void> {
    await m.query(`DELETE FROM license_history WHERE scope = $1 AND scope_id = $2 AND day = ${DAY_OF('$3')} AND NOT (license = ANY($4))`, [scope, scopeId, at, licenses.map((l) => l.license)]);
    if (!licenses.length) return;
    await m.query(
      `INSERT INTO license_history AS t (scope, scope_id, day, license, scope_name, purchased, consumed, recorded_at)
       SELECT $1, $2, ${DAY_OF('$3')}, u.license, $4, u.purchased, u.consumed, $3 FROM unnest($5::text[], $6::int[], $7::int[]) AS u(license, purchased, consumed)
       ON CONFLICT (scope, scope_id, day, license) DO UPDATE SET scope_name = excluded.scope_name, purchased = excluded.purchased,
         consumed = excluded.consumed, recorded_at = greatest(t.recorded_at, excluded.recorded_at)`,
      [scope, scopeId, at, scopeName, licenses.map((l) => l.license), licenses.map((l) => l.purchased), licenses.map((l) => l.consumed)],
    );
  }

  /** A scope's rows of the last `days` days (today included), oldest first. */
  history(scope: HistoryScope, scopeId: string, days: number): Promise<HistoryRow[]> {
    return this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, scope_name AS "scopeName", license, purchased, consumed FROM license_history
       WHERE scope = $1 AND scope_id = $2 AND day > (now() AT TIME ZONE 'UTC')::date - $3::int ORDER BY day, license`,
      [scope, scopeId, days],
    );
  }
}

const PRUNE_HISTORY = batchDeleteSql('license_history', `t.day < (${EXPIRED_BEFORE})::date`);

/** License history days older than LICENSE_HISTORY_RETENTION. */
export const licenseHistoryRetention = (windowMs: number): RetentionRule => ({
  name: 'license history',
  windowMs,
  prune: (dataSource, window, limit) => runBatchDelete(dataSource, PRUNE_HISTORY, window, limit),
});
