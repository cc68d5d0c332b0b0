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

/**
 * Minimum versions for smart licensing through smartlic: UC applications 12.5, Expressway X12.6.
 *
 * The guide is not consistent about 12.0-12.4 (README, "Where the guide contradicts itself"): "Register all the 12.x UC
 * applications cluster to CSSM" and the Assign page's "Only clusters higher than 11.x is displayed here" admit them,
 * while the Cluster Summary lists "clusters with the version 12.5 and later", auto-registration names "version 12.5"
 * only, and the Upgrade Guidelines make 12.5(x) the prerequisite ("If the version is less than 12.5(x), update the
 * cluster application version to 12.5(x)"). smartlic follows 12.5 everywhere: the interfaces it drives are those
 * Cisco publishes for 12.5(1) (AXL 12.5, Unity Connection's smart-licensing CUPI API "from 12.5(1)"), so a 12.0-12.4
 * cluster is refused with SLMCT1006 and told to upgrade; 11.x and earlier register through PLM.
 */
export const MINIMUM_SMART_LICENSING_VERSION: Record<ClusterType, string> = {
  cucm: '12.5',
  cuc: '12.5',
  cer: '12.5',
  'expressway-c': '12.6',
  'expressway-e': '12.6',
};

const isExpressway = (type: ClusterType) => type === 'expressway-c' || type === 'expressway-e';

/**
 * Why smartlic cannot register a cluster of this version (the reason SLMCT1006 "Cluster is of unsupported Version"
 * carries), or null when the version is supported.
 */
export const unsupportedVersionReason = (type: ClusterType, version: string): string | null => {
  const minimum = MINIMUM_SMART_LICENSING_VERSION[type];
  if (compareVersions(version, minimum) >= 0) return null;
  if (isExpressway(type)) return `version ${version} is below X${minimum}: smart licensing of Expressway clusters needs X${minimum} or later`;
  if (compareVersions(version, '12') < 0) return `version ${version} is 11.x or earlier: such clusters register through PLM, not to CSSM`;
  return `version ${version} is below ${minimum}: upgrade the cluster to ${minimum}(x) before registering it to CSSM (HCM-F 12.5 Upgrade Guidelines)`;
};

/**
 * Whether a cluster can be assigned to a virtual account: UC applications 12.5 and later; Expressway X12.6 and
 * later, and only when it runs in smart licensing mode (PAK licensing cannot register).
 */
export const isEligibleForSmartLicensing = (type: ClusterType, version: string, licensing: 'smart' | 'pak' = 'smart'): boolean => {
  if (isExpressway(type) && licensing !== 'smart') return false;
  return unsupportedVersionReason(type, version) === null;
};

/**
 * Why a cluster cannot be licensed through Prime License Manager, or null: PLM licenses Unified CM, Unity Connection
 * and Emergency Responder (the guide's PLMINF0 products HUCM, HCUC, HCER) of 11.x or earlier ("PLM is not supported
 * for UC applications cluster versions higher than 11.x").
 */
export const plmIneligibilityReason = (type: ClusterType, version: string): string | null => {
  if (isExpressway(type)) return 'Expressway is not licensed through PLM';
  if (compareVersions(version, '12') >= 0) return `version ${version} is 12.x or later: register it to CSSM`;
  return null;
};
