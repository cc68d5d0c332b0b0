import { GUIDE_ALLOCATION_HIERARCHY, GUIDE_ENTERPRISE_LICENSES, GUIDE_LICENSE_MAPPING, guideMappingRowOf, type SimLicenseMode } from '#simulators/common';

/** One license pool of a virtual account (all subscriptions of one license name). */
export interface LicensePool {
  license: string;
  billingType: 'PREPAID' | 'USAGE';
  /** Sum of the Active license details. */
  quantity: number;
  inUse: number;
  /** Requested (Enterprise/lower) license → quantity served from this pool in its place (dual parenting). */
  substitutions: Map<string, number>;
}

export interface UsageRequest {
  license: string;
  count: number;
}

export interface AllocationPart {
  license: string;
  count: number;
  /** Charged beyond the pool's quantity because no candidate had enough left. */
  overage?: boolean;
}

export interface Allocation {
  requested: string;
  count: number;
  from: AllocationPart[];
  shortfall: number;
}

export interface PoolSource {
  get(license: string): LicensePool | undefined;
  /** Creates an empty pool (quantity 0) to carry consumption of a license the VA does not hold. */
  create(license: string): LicensePool;
}

const ENTERPRISE_LICENSES = new Set(GUIDE_ENTERPRISE_LICENSES);

/**
 * The licenses that may fill a request, in the guide's hierarchy ("HCS Managed Services": "CSSM follows hierarchy in
 * allocating the licenses ... higher to lower-order: Enterprise, HCS Foundation, HCS Standard"): the Enterprise
 * license itself, then the HCS licenses of its application from the request's own tier down ("the higher level
 * licences are utilized to fulfill the request for lower level licenses", never the reverse). A Table 1 row outside
 * the hierarchy is filled by its own HCS license; a license Table 1 does not name only by itself.
 */
const hierarchyCandidates = (license: string): string[] => {
  const row = guideMappingRowOf(license);
  if (!row) return [license];
  const enterprise = row.enterpriseLicenses.includes(license) ? [license] : [];
  if (!row.tier) return [...enterprise, row.hcsLicense];
  const levels = GUIDE_ALLOCATION_HIERARCHY.slice(GUIDE_ALLOCATION_HIERARCHY.indexOf(row.tier));
  const hcs = levels.flatMap((level) => GUIDE_LICENSE_MAPPING.filter((m) => m.application === row.application && m.tier === level).map((m) => m.hcsLicense));
  return [...enterprise, ...hcs];
};

/**
 * The licenses that may fill a request, in CSSM's order. Enterprise mode follows the allocation hierarchy
 * (Enterprise, then HCS Foundation, then HCS Standard: dual parenting); an HCS-mode application only takes HCS licenses.
 */
export const candidatesFor = (license: string, mode: SimLicenseMode): string[] => {
  const all = hierarchyCandidates(license);
  if (mode === 'Enterprise') return all;
  const hcsOnly = all.filter((c) => !ENTERPRISE_LICENSES.has(c));
  return hcsOnly.length > 0 ? hcsOnly : all;
};

export const poolStatus = (pool: LicensePool): 'In Compliance' | 'Out of Compliance' =>
  pool.inUse > pool.quantity ? 'Out of Compliance' : 'In Compliance';

/** Allocates each request from the pools; what cannot be filled is charged to the first candidate as overage. */
export const allocate = (pools: PoolSource, usage: readonly UsageRequest[], mode: SimLicenseMode): Allocation[] =>
  usage
    .filter((u) => u.count > 0)
    .map((u) => {
      const candidates = candidatesFor(u.license, mode);
      const from: AllocationPart[] = [];
      let left = u.count;
      for (const license of candidates) {
        if (left === 0) break;
        const pool = pools.get(license);
        if (!pool) continue;
        const take = Math.min(left, Math.max(0, pool.quantity - pool.inUse));
        if (take === 0) continue;
        pool.inUse += take;
        if (license !== u.license) pool.substitutions.set(u.license, (pool.substitutions.get(u.license) ?? 0) + take);
        from.push({ license, count: take });
        left -= take;
      }
      if (left > 0) {
        const target = candidates[0]!;
        const pool = pools.get(target) ?? pools.create(target);
        pool.inUse += left;
        if (target !== u.license) pool.substitutions.set(u.license, (pool.substitutions.get(u.license) ?? 0) + left);
        from.push({ license: target, count: left, overage: true });
      }
      return { requested: u.license, count: u.count, from, shortfall: left };
    });

/** Gives back everything the allocations took. */
export const release = (pools: PoolSource, allocations: readonly Allocation[]): void => {
  for (const a of allocations) {
    for (const part of a.from) {
      const pool = pools.get(part.license);
      if (!pool) continue;
      pool.inUse = Math.max(0, pool.inUse - part.count);
      if (part.license !== a.requested) {
        const left = (pool.substitutions.get(a.requested) ?? 0) - part.count;
        if (left > 0) pool.substitutions.set(a.requested, left);
        else pool.substitutions.delete(a.requested);
      }
    }
  }
};
