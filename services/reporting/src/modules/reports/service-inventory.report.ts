import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { hcsMappingForLicense } from '#libs/contracts';
import { APPLICATION_OF_TYPE, lmName, majorVersion, reportLicenseOf } from './report-license.js';
import { put, summaryField, summaryLine } from './report-output.js';
import { ReportDataRepository, type PlmLicenseRow, type VaLicenseRow } from './report-data.repository.js';

const NONE = '~';
const PRODUCT_APPLICATION: Record<string, string> = { HUCM: 'cucm', HCUC: 'cuc', HCER: 'cer', HEXP: 'expressway' };
/** A comma-separated sub-field (`VA@SA,Transport,...`): no part can add a comma of its own. */
const commaList = (...parts: string[]): string => parts.map((p) => summaryField(p, { commaList: true })).join(',');
/**
 * Section names of PLM rows as the guide's sample spells them, with a zero (`PLMINF0`, `CUSTLICENSEINF0`); its format
 * lines and smart-licensing rows spell `PLMINFO` / `CUSTLICENSEINFO` with the letter O, and its SITELICENSEINFO rows
 * too. The report keeps each as the guide's sample shows it (README: "Service Inventory and PLM").
 */
const PLM_INFO = 'PLMINF0';
const PLM_CUST_LICENSE_INFO = 'CUSTLICENSEINF0';

/**
 * The Service Inventory license summary (guide: "Smart Licensing Reports"), between `|LICENSESUMMARYSTART|` and
 * `|LICENSESUMMARYEND|`, PLM rows before smart-licensing rows in each section as in the guide's sample:
 * - PLMINF0 per Prime License Manager license type: `PLMHost|Product|version|LicenseType|Installed|Required|Available|Status|`
 *   (status VALID, or INSUFFICIENT when the PLM has fewer licenses than its clusters require: INFERRED, the sample
 *   shows only VALID);
 * - PLMINFO per virtual account license and subscription:
 *   `VA@SA,Transport,SubsID,ExpDate,LicenseModel|Product|version|LicenseType|Installed|Required|Available|Status|`
 *   (VA@local-account for a satellite; `~` where a value does not apply, as the guide's rows do);
 * - CUSTLICENSEINF0 per PLM-licensed cluster and license: `PLMHost|~|~|Customer|Product|Cluster|LicenseType|Count|`;
 * - CUSTLICENSEINFO per cluster and license: `VA@SA,Transport|~|~|Customer|Product|Cluster|LicenseType|Count|`;
 * - SITELICENSEINFO per customer and HCS license tier, smart and PLM usage together: `~|~|Customer|~|Tier|Count|`.
 */
@Injectable()
export class ServiceInventoryReport {
  constructor(private readonly data: ReportDataRepository) {}

  async write(out: Writable): Promise<void> {
    await put(out, '|LICENSESUMMARYSTART|\n');
    await this.plmLicenseManagerInfo(out);
    await this.plmInfo(out);
    await this.plmCustLicenseInfo(out);
    await this.custLicenseInfo(out);
    await this.siteLicenseInfo(out);
    await put(out, '|LICENSESUMMARYEND|\n');
  }

  private async plmLicenseManagerInfo(out: Writable): Promise<void> {
    const versions = new Map<string, number>();
    for (const v of await this.data.plmVersions()) {
      const application = APPLICATION_OF_TYPE[v.type] ?? v.type;
      for (const key of [`${v.licenseManagerId}\u0000${application}`, v.licenseManagerId]) versions.set(key, Math.max(versions.get(key) ?? -1, v.major));
    }
    // A License Manager's rows are few: sorted by product and license type like the smart-licensing rows.
    let group: PlmLicenseRow[] = [];
    const flush = async () => {
      const lines = group.map((row): [string, string] => {
        const named = reportLicenseOf(row.licenseType);
        const product = named?.product ?? NONE;
        const major = versions.get(`${row.licenseManagerId}\u0000${PRODUCT_APPLICATION[product] ?? ''}`) ?? versions.get(row.licenseManagerId);
        const licenseType = named?.licenseType ?? row.licenseType;
        return [`${product}\u0000${licenseType}`, summaryLine(PLM_INFO, [
          row.hostname, product, majorVersion(major === undefined ? null : String(major)), licenseType, row.installed, row.required, row.available, row.available < 0 ? 'INSUFFICIENT' : 'VALID',
        ])];
      });
      lines.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      await put(out, lines.map((l) => l[1]).join(''));
      group = [];
    };
    for await (const batch of this.data.plmLicenses()) {
      for (const row of batch) {
        if (group[0] && group[0].licenseManagerId !== row.licenseManagerId) await flush();
        group.push(row);
      }
    }
    await flush();
  }

  private async plmCustLicenseInfo(out: Writable): Promise<void> {
    for await (const batch of this.data.plmClusterUsage()) {
      let text = '';
      for (const row of batch) {
        const named = reportLicenseOf(row.licenseType, APPLICATION_OF_TYPE[row.type]);
        text += summaryLine(PLM_CUST_LICENSE_INFO, [row.hostname, NONE, NONE, row.customerName, named?.product ?? NONE, row.publisher ?? row.clusterName, named?.licenseType ?? row.licenseType, row.count]);
      }
      await put(out, text);
    }
  }

  private async plmInfo(out: Writable): Promise<void> {
    const versions = new Map<string, string>();
    for (const v of await this.data.vaVersions()) {
      const key = `${v.smartAccountId}\u0000${v.virtualAccount}`;
      versions.set(`${key}\u0000${APPLICATION_OF_TYPE[v.type] ?? v.type}`, String(v.major));
      if (Number(versions.get(key) ?? -1) < v.major) versions.set(key, String(v.major));
    }
    // Rows of one virtual account are few; they are sorted by product and license type like the guide's sample.
    let group: VaLicenseRow[] = [];
    const flush = async () => {
      const lines: [string, string][] = [];
      for (const row of group) {
        const named = reportLicenseOf(row.license);
        const product = named?.product ?? NONE;
        const key = `${row.smartAccountId}\u0000${row.virtualAccount}`;
        const version = majorVersion(versions.get(`${key}\u0000${PRODUCT_APPLICATION[product] ?? ''}`) ?? versions.get(key));
        const lm = lmName(row.virtualAccount, row.transport, row.domain, row.localAccount);
        const details = row.details.length ? row.details : [{ licenseType: NONE, quantity: row.quantity, subscriptionId: null, endDate: null }];
        let required = row.inUse;
        details.forEach((d, i) => {
          const here = i === details.length - 1 ? required : Math.min(required, d.quantity);
          required -= here;
          const available = d.quantity - here;
          const status = available < 0 ? 'Out of Compliance' : 'In Compliance';
          const sortKey = `${product}\u0000${named?.licenseType ?? row.license}\u0000${d.subscriptionId ?? ''}`;
          lines.push([sortKey, summaryLine('PLMINFO', [
            commaList(lm, row.transport, d.subscriptionId || NONE, d.endDate?.slice(0, 10) || NONE, d.licenseType || NONE),
            product, version, named?.licenseType ?? row.license, d.quantity, here, available, status,
          ])]);
        });
      }
      lines.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      await put(out, lines.map((l) => l[1]).join(''));
      group = [];
    };
    for await (const batch of this.data.vaLicenses()) {
      for (const row of batch) {
        const head = group[0];
        if (head && (head.smartAccountId !== row.smartAccountId || head.virtualAccount !== row.virtualAccount)) await flush();
        group.push(row);
      }
    }
    await flush();
  }

  private async custLicenseInfo(out: Writable): Promise<void> {
    for await (const batch of this.data.clusterUsage()) {
      let text = '';
      for (const row of batch) {
        const named = reportLicenseOf(row.license, row.applicationType);
        const lm = row.virtualAccount && row.transport ? commaList(lmName(row.virtualAccount, row.transport, row.domain, row.localAccount), row.transport) : NONE;
        text += summaryLine('CUSTLICENSEINFO', [lm, NONE, NONE, row.customerName, named?.product ?? NONE, row.publisher ?? row.clusterName, named?.licenseType ?? row.license, row.count]);
      }
      await put(out, text);
    }
  }

  private async siteLicenseInfo(out: Writable): Promise<void> {
    for await (const customers of this.data.customerBatches()) {
      const names = new Map(customers.map((c) => [c.id, c.name]));
      const totals = new Map<string, Map<string, number>>();
      const ids = customers.map((c) => c.id);
      for (const u of [...(await this.data.plmCustomerUsage(ids)), ...(await this.data.customerUsage(ids))]) {
        const tier = hcsMappingForLicense(u.license)?.tier;
        if (!tier || u.count <= 0) continue;
        const perTier = totals.get(u.customerId) ?? new Map<string, number>();
        perTier.set(tier, (perTier.get(tier) ?? 0) + u.count);
        totals.set(u.customerId, perTier);
      }
      let text = '';
      for (const [customerId, perTier] of totals) {
        for (const [tier, count] of [...perTier].sort()) text += summaryLine('SITELICENSEINFO', [NONE, NONE, names.get(customerId) ?? customerId, NONE, tier, count]);
      }
      await put(out, text);
    }
  }
}
