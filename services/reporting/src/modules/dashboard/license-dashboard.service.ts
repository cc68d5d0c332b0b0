import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import type { dashboardRowSchema } from '#libs/contracts';
import { setLicenseHeadroom } from '#libs/observability';
import { FlexUsageReport } from '../reports/flex-usage.report.js';
import { IN_COMPLIANCE, OUT_OF_COMPLIANCE } from '../reports/flex-usage.calculator.js';
import { ReportDataRepository } from '../reports/report-data.repository.js';
import { lmName } from '../reports/report-license.js';

type DashboardRow = z.infer<typeof dashboardRowSchema>;

const figures = (entitlement: number, consumption: number) => ({
  entitlement,
  consumption,
  headroom: entitlement - consumption,
  compliance: consumption > entitlement ? OUT_OF_COMPLIANCE : IN_COMPLIANCE,
} as const);

/**
 * License dashboard (guide: "Licensing Dashboard: a view of the licenses at virtual account-level and
 * customer-level"): per virtual account from CSSM's license counts; per customer from the Flex Usage calculation
 * (ordered through the Subscription Mapper against consumed, with the allocation hierarchy).
 */
@Injectable()
export class LicenseDashboardService {
  constructor(
    private readonly data: ReportDataRepository,
    private readonly flexUsage: FlexUsageReport,
  ) {}

  async get(level: 'virtual-account' | 'customer', withinDays: number): Promise<{ level: typeof level; items: DashboardRow[] }> {
    const items = level === 'virtual-account' ? await this.byVirtualAccount(withinDays) : await this.byCustomer(withinDays);
    // The whole scope is recomputed, so the smartlic.license.headroom gauge is replaced at once.
    setLicenseHeadroom(level === 'virtual-account' ? 'virtual_account' : 'customer', items.flatMap((i) => i.licenses.map((l) => ({ name: i.name, license: l.license, headroom: l.headroom }))));
    return { level, items };
  }

  private async byVirtualAccount(withinDays: number): Promise<DashboardRow[]> {
    return (await this.data.vaDashboard(withinDays)).map((va) => {
      const licenses = (va.licenses ?? []).map((l) => ({ license: l.license, ...figures(l.quantity, l.in_use) }));
      const entitlement = licenses.reduce((s, l) => s + l.entitlement, 0);
      const consumption = licenses.reduce((s, l) => s + l.consumption, 0);
      return {
        level: 'virtual-account' as const,
        id: `${va.smart_account_id}/${va.virtual_account}`,
        name: lmName(va.virtual_account, va.transport, va.domain, va.local_account),
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
      const expiring = new Map((await this.data.expiringSubscriptions(batch.map((c) => c.customerId), withinDays)).map((e) => [e.customer_id, e.expiring]));
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
          ...figures(licenses.reduce((s, l) => s + l.entitlement, 0), licenses.reduce((s, l) => s + l.consumption, 0)),
          compliance: licenses.some((l) => l.compliance === OUT_OF_COMPLIANCE) ? OUT_OF_COMPLIANCE : IN_COMPLIANCE,
          subscriptionsExpiringSoon: expiring.get(c.customerId) ?? 0,
          licenses,
        });
      }
    }
    return items;
  }
}
