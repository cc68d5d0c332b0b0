import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import type { dashboardRowSchema, dashboardTotalSchema } from '#libs/contracts';
import { setLicenseHeadroom } from '#libs/observability';
import { FlexUsageReport } from '../reports/flex-usage.report.js';
import { IN_COMPLIANCE, OUT_OF_COMPLIANCE } from '../reports/flex-usage.calculator.js';
import { ReportDataRepository, type PlmLicenseRow } from '../reports/report-data.repository.js';
import { lmName } from '../reports/report-license.js';

type DashboardRow = z.infer<typeof dashboardRowSchema>;
type DashboardTotal = z.infer<typeof dashboardTotalSchema>;

const figures = (entitlement: number, consumption: number) => ({
  entitlement,
  consumption,
  headroom: entitlement - consumption,
  compliance: consumption > entitlement ? OUT_OF_COMPLIANCE : IN_COMPLIANCE,
} as const);

const total = (rows: { entitlement: number; consumption: number }[], items = rows.length): DashboardTotal => {
  const entitlement = rows.reduce((s, r) => s + r.entitlement, 0);
  const consumption = rows.reduce((s, r) => s + r.consumption, 0);
  return { items, entitlement, consumption, headroom: entitlement - consumption };
};

/** A row's figures from its licenses: summed, out of compliance when any license is. */
const rowFigures = (licenses: { entitlement: number; consumption: number; compliance: string }[]) => ({
  ...figures(licenses.reduce((s, l) => s + l.entitlement, 0), licenses.reduce((s, l) => s + l.consumption, 0)),
  compliance: licenses.some((l) => l.compliance === OUT_OF_COMPLIANCE) ? OUT_OF_COMPLIANCE : IN_COMPLIANCE,
} as const);

/**
 * License dashboard (guide: "Licensing Dashboard: a view of the licenses at virtual account-level and
 * customer-level"): per virtual account from CSSM's license counts; per customer from the Flex Usage calculation
 * (ordered through the Subscription Mapper against consumed, with the allocation hierarchy). Prime License Managers
 * are counted beside them (issue 17: "the license dashboard counts both, labelled"): per PLM from its license
 * inventory, per customer from its PLM-licensed clusters.
 */
@Injectable()
export class LicenseDashboardService {
  constructor(
    private readonly data: ReportDataRepository,
    private readonly flexUsage: FlexUsageReport,
  ) {}

  async get(level: 'virtual-account' | 'customer', withinDays: number): Promise<{ level: typeof level; items: DashboardRow[]; totals: Record<DashboardRow['licensedBy'], DashboardTotal> }> {
    const plms = await this.byLicenseManager();
    const items = level === 'virtual-account' ? [...plms, ...(await this.byVirtualAccount(withinDays))] : await this.byCustomer(withinDays);
    // The whole scope is recomputed, so the smartlic.license.headroom gauge is replaced at once.
    setLicenseHeadroom(level === 'virtual-account' ? 'virtual_account' : 'customer', items.flatMap((i) => i.licenses.map((l) => ({ name: i.name, license: l.license, headroom: l.headroom }))));
    const smart = items.filter((i) => i.licensedBy === 'Smart');
    // A PLM's licenses are one pool: its customers' rows would count its available licenses once per customer.
    const plm = total(plms, items.filter((i) => i.licensedBy === 'PLM').length);
    return { level, items, totals: { Smart: total(smart), PLM: plm } };
  }

  /** One row per Prime License Manager: installed licenses against what its clusters require. */
  private async byLicenseManager(): Promise<DashboardRow[]> {
    const rows: DashboardRow[] = [];
    let group: PlmLicenseRow[] = [];
    const flush = () => {
      const head = group[0];
      if (!head) return;
      const licenses = group.map((l) => ({ license: l.licenseType, ...figures(l.installed, l.required) }));
      rows.push({ level: 'virtual-account', id: `plm/${head.licenseManagerId}`, name: head.hostname, licensedBy: 'PLM', ...rowFigures(licenses), subscriptionsExpiringSoon: 0, licenses });
      group = [];
    };
    for await (const batch of this.data.plmLicenses()) {
      for (const row of batch) {
        if (group[0] && group[0].licenseManagerId !== row.licenseManagerId) flush();
        group.push(row);
      }
    }
    flush();
    return rows;
  }

  private async byVirtualAccount(withinDays: number): Promise<DashboardRow[]> {
    return (await this.data.vaDashboard(withinDays)).map((va) => {
      const licenses = (va.licenses ?? []).map((l) => ({ license: l.license, ...figures(l.quantity, l.inUse) }));
      const entitlement = licenses.reduce((s, l) => s + l.entitlement, 0);
      const consumption = licenses.reduce((s, l) => s + l.consumption, 0);
      return {
        level: 'virtual-account' as const,
        id: `${va.smartAccountId}/${va.virtualAccount}`,
        name: lmName(va.virtualAccount, va.transport, va.domain, va.localAccount),
        licensedBy: 'Smart' as const,
        ...figures(entitlement, consumption),
        compliance: licenses.some((l) => l.compliance === OUT_OF_COMPLIANCE) ? OUT_OF_COMPLIANCE : IN_COMPLIANCE,
        subscriptionsExpiringSoon: va.expiring,
        licenses,
      };
    });
  }

  private async byCustomer(withinDays: number): Promise<DashboardRow[]> {
    const items: DashboardRow[] = [];
    for await (const batch of this.flexUsage.customers()) {
      const ids = batch.map((c) => c.customerId);
      const expiring = new Map((await this.data.expiringSubscriptions(ids, withinDays)).map((e) => [e.customerId, e.expiring]));
      const plmRows = new Map<string, DashboardRow[]>();
      for (const u of await this.data.plmCustomerLicenses(ids)) {
        const rows = plmRows.get(u.customerId) ?? [];
        let row = rows.find((r) => r.id === `plm/${u.licenseManagerId}/${u.customerId}`);
        if (!row) {
          row = { level: 'customer', id: `plm/${u.licenseManagerId}/${u.customerId}`, name: '', licensedBy: 'PLM', ...figures(0, 0), subscriptionsExpiringSoon: 0, licenses: [] };
          rows.push(row);
        }
        // The customer may use what it uses plus what the PLM has left: the headroom is the PLM's available count.
        row.licenses.push({ license: u.licenseType, ...figures(u.count + u.available, u.count) });
        plmRows.set(u.customerId, rows);
      }
      for (const c of batch) {
        const perLicense = new Map<string, { ordered: number; consumed: number }>();
        for (const r of c.rows) {
          const f = perLicense.get(r.license) ?? { ordered: 0, consumed: 0 };
          f.ordered += r.ordered;
          f.consumed += r.consumed;
          perLicense.set(r.license, f);
        }
        const licenses = [...perLicense].map(([license, f]) => ({ license, ...figures(f.ordered, f.consumed) }));
        items.push({
          level: 'customer',
          id: c.customerId,
          name: c.customerName,
          licensedBy: 'Smart',
          ...figures(licenses.reduce((s, l) => s + l.entitlement, 0), licenses.reduce((s, l) => s + l.consumption, 0)),
          compliance: licenses.some((l) => l.compliance === OUT_OF_COMPLIANCE) ? OUT_OF_COMPLIANCE : IN_COMPLIANCE,
          subscriptionsExpiringSoon: expiring.get(c.customerId) ?? 0,
          licenses,
        });
        for (const row of plmRows.get(c.customerId) ?? []) items.push({ ...row, name: c.customerName, ...rowFigures(row.licenses) });
      }
    }
    return items;
  }
}
