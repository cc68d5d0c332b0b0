import { allocationCandidates, hcsMappingForLicense } from '#libs/contracts';

export const IN_COMPLIANCE = 'In Compliance';
export const OUT_OF_COMPLIANCE = 'Out of Compliance';
export type Compliance = typeof IN_COMPLIANCE | typeof OUT_OF_COMPLIANCE;

/** A license line ordered for a customer: deposited in the ordered VA under a subscription mapped to the customer. */
export interface OrderedLine {
  subscriptionId: string;
  licenseModel: string | null;
  license: string;
  quantity: number;
  endDate: string | null;
}

/** Usage of a customer's clusters, summed per license as the applications report it (HCS or Enterprise names). */
export interface ConsumedLine {
  license: string;
  count: number;
}

export interface FlexUsageRow {
  subscriptionId: string | null;
  licenseModel: string | null;
  endDate: string | null;
  license: string;
  ordered: number;
  consumed: number;
  trueForward: number;
  compliance: Compliance;
}

/**
 * Flex Usage of one customer (guide: "Task Flow of Operational License": ordered per subscription against consumed,
 * true forward, compliance). Consumption is allocated the way CSSM allocates (guide: "HCS Managed Services"): a
 * request is served by its own license first, then by the next license of the hierarchy (Enterprise → HCS
 * Foundation → HCS Standard: dual parenting, and a higher-level license fills a lower-level request). What no
 * ordered license can serve is consumed beyond ordered — true forward — on the HCS license the request maps to.
 * Per license, consumption fills the subscriptions in end-date order; the excess shows on the last one.
 */
export const calculateFlexUsage = (ordered: readonly OrderedLine[], consumed: readonly ConsumedLine[]): FlexUsageRow[] => {
  const pool = new Map<string, number>();
  for (const o of ordered) pool.set(o.license, (pool.get(o.license) ?? 0) + o.quantity);

  const demands = [...consumed]
    .filter((c) => c.count > 0)
    .sort((a, b) => a.license.localeCompare(b.license))
    .map((c) => ({ license: c.license, need: c.count, candidates: allocationCandidates(c.license) }));
  const used = new Map<string, number>();
  const take = (license: string, wanted: number): number => {
    const got = Math.min(wanted, pool.get(license) ?? 0);
    if (got > 0) {
      pool.set(license, (pool.get(license) ?? 0) - got);
      used.set(license, (used.get(license) ?? 0) + got);
    }
    return got;
  };
  // Pass i serves every request from its i-th candidate, so a request never takes a lower-level license from one
  // that could only be served by it before the exact matches are done.
  const depth = Math.max(0, ...demands.map((d) => d.candidates.length));
  for (let i = 0; i < depth; i++) {
    for (const d of demands) if (d.need > 0 && d.candidates[i]) d.need -= take(d.candidates[i]!, d.need);
  }
  for (const d of demands) {
    if (d.need <= 0) continue;
    const home = hcsMappingForLicense(d.license)?.hcsLicense ?? d.license;
    used.set(home, (used.get(home) ?? 0) + d.need);
  }

  const rows: FlexUsageRow[] = [];
  const licenses = [...new Set([...ordered.map((o) => o.license), ...used.keys()])].sort();
  for (const license of licenses) {
    const lines = ordered.filter((o) => o.license === license).sort((a, b) => (a.endDate ?? '9999').localeCompare(b.endDate ?? '9999') || a.subscriptionId.localeCompare(b.subscriptionId));
    let remaining = used.get(license) ?? 0;
    if (!lines.length) {
      rows.push({ subscriptionId: null, licenseModel: null, endDate: null, license, ordered: 0, consumed: remaining, trueForward: remaining, compliance: remaining > 0 ? OUT_OF_COMPLIANCE : IN_COMPLIANCE });
      continue;
    }
    lines.forEach((line, index) => {
      const last = index === lines.length - 1;
      const consumedHere = last ? remaining : Math.min(remaining, line.quantity);
      remaining -= consumedHere;
      const trueForward = Math.max(0, consumedHere - line.quantity);
      rows.push({ subscriptionId: line.subscriptionId, licenseModel: line.licenseModel, endDate: line.endDate, license, ordered: line.quantity, consumed: consumedHere, trueForward, compliance: trueForward > 0 ? OUT_OF_COMPLIANCE : IN_COMPLIANCE });
    });
  }
  return rows;
};
