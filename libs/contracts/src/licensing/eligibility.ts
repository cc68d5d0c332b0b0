import type { ClusterType } from './application-type.js';

const parseVersion = (version: string): number[] => (version.replace(/^X/i, '').match(/\d+/g) ?? []).map(Number);

/** -1, 0 or 1 comparing dotted versions numerically ("12.5.1" vs "12.5"). */
export const compareVersions = (a: string, b: string): number => {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
};

/** Minimum versions for smart licensing through smartlic (guide: UC applications 12.5, Expressway X12.6). */
export const MINIMUM_SMART_LICENSING_VERSION: Record<ClusterType, string> = {
  cucm: '12.5',
  cuc: '12.5',
  cer: '12.5',
  'expressway-c': '12.6',
  'expressway-e': '12.6',
};

/**
 * Whether a cluster can be assigned to a virtual account: UC applications 12.5 and later; Expressway X12.6 and
 * later, and only when it runs in smart licensing mode (PAK licensing cannot register).
 */
export const isEligibleForSmartLicensing = (type: ClusterType, version: string, licensing: 'smart' | 'pak' = 'smart'): boolean => {
  if ((type === 'expressway-c' || type === 'expressway-e') && licensing !== 'smart') return false;
  return compareVersions(version, MINIMUM_SMART_LICENSING_VERSION[type]) >= 0;
};
