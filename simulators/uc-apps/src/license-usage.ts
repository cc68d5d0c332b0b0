import { hcsLicenseFor, type SimLicenseMode } from '#simulators/common';
import type { LicenseUsage } from './scenario.schema.js';

/**
 * The usage a cluster reports to CSSM in its license mode. The scenario states what the cluster consumes
 * (e.g. `Enhanced` × 50); in Enterprise mode the names go out as they are, in HCS mode each Enterprise license is
 * reported as the HCS license the guide's "Table 1: License Mapping" maps it to (Enhanced → HCS Cisco UCM
 * Foundation License). Names without a mapping (already HCS names, or unknown) pass through unchanged.
 */
export const reportedUsage = (usage: readonly LicenseUsage[], mode: SimLicenseMode): LicenseUsage[] => {
  const totals = new Map<string, number>();
  for (const { license, count } of usage) {
    const name = mode === 'HCS' ? (hcsLicenseFor(license) ?? license) : license;
    totals.set(name, (totals.get(name) ?? 0) + count);
  }
  return [...totals].map(([license, count]) => ({ license, count }));
};
