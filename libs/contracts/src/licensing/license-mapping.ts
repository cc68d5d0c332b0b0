import type { ApplicationType } from './application-type.js';

/**
 * The guide's "Table 1: License Mapping" (HCS Managed Services): which Enterprise licenses each HCS license
 * stands for. CSSM uses it for dual parenting: an application in Enterprise mode asking for an Enterprise
 * license is served the mapped HCS license when no Enterprise license is left.
 */
export interface HcsLicenseMapping {
  /** HCS license name as deposited in CSSM. */
  hcsLicense: string;
  /** The tier used by the allocation hierarchy and in reports (`SITELICENSEINFO` shows "HCS Foundation"). */
  tier: HcsLicenseTier;
  application: ApplicationType;
  /** Short license type used in Service Inventory rows (`HUCM_Foundation`, `HCUC_BasicMessaging`, ...). */
  reportLicenseType: string;
  /** Product code used in Service Inventory rows (`HUCM`, `HCUC`, `HCER`). */
  reportProduct: string;
  enterpriseLicenses: readonly string[];
}

export const HCS_LICENSE_TIERS = ['HCS Foundation', 'HCS Standard', 'HCS TelePresence Room', 'HCS Basic Messaging', 'HCS Standard Messaging', 'HCS Emergency Responder User'] as const;
export type HcsLicenseTier = (typeof HCS_LICENSE_TIERS)[number];

export const LICENSE_MAPPING: readonly HcsLicenseMapping[] = [
  { hcsLicense: 'HCS Cisco UCM Foundation License', tier: 'HCS Foundation', application: 'cucm', reportProduct: 'HUCM', reportLicenseType: 'HUCM_Foundation', enterpriseLicenses: ['Basic', 'Essential', 'Enhanced'] },
  { hcsLicense: 'HCS Cisco UCM Standard License', tier: 'HCS Standard', application: 'cucm', reportProduct: 'HUCM', reportLicenseType: 'HUCM_Standard', enterpriseLicenses: ['Cisco Unified Workspace Licensing (UWL)', 'Enhanced Plus'] },
  { hcsLicense: 'HCS Cisco UCM TelePresence Room License', tier: 'HCS TelePresence Room', application: 'cucm', reportProduct: 'HUCM', reportLicenseType: 'HUCM_TelePresenceRoom', enterpriseLicenses: ['Telepresence Room'] },
  { hcsLicense: 'HCS Unity Connection Basic License', tier: 'HCS Basic Messaging', application: 'cuc', reportProduct: 'HCUC', reportLicenseType: 'HCUC_BasicMessaging', enterpriseLicenses: ['CUC_BasicMessaging'] },
  { hcsLicense: 'HCS Unity Connection Standard License', tier: 'HCS Standard Messaging', application: 'cuc', reportProduct: 'HCUC', reportLicenseType: 'HCUC_EnhancedMessaging', enterpriseLicenses: ['CUC_EnhancedMessaging'] },
  { hcsLicense: 'HCS Emergency Responder User License', tier: 'HCS Emergency Responder User', application: 'cer', reportProduct: 'HCER', reportLicenseType: 'HCER_User', enterpriseLicenses: ['CER_USER'] },
];

/**
 * Allocation hierarchy (guide: "CSSM follows hierarchy in allocating the licenses ... higher to lower-order"):
 * Enterprise first when both are available, then HCS Foundation, then HCS Standard.
 */
export const ALLOCATION_HIERARCHY = ['Enterprise', 'HCS Foundation', 'HCS Standard'] as const;
export type AllocationLevel = (typeof ALLOCATION_HIERARCHY)[number];

/** The HCS mapping of an Enterprise license name, or undefined when the license is already an HCS one. */
export const hcsMappingForEnterpriseLicense = (enterpriseLicense: string): HcsLicenseMapping | undefined =>
  LICENSE_MAPPING.find((m) => m.enterpriseLicenses.includes(enterpriseLicense));

export const hcsMappingForLicense = (license: string): HcsLicenseMapping | undefined =>
  LICENSE_MAPPING.find((m) => m.hcsLicense === license || m.reportLicenseType === license) ?? hcsMappingForEnterpriseLicense(license);

/**
 * The licenses that may fulfil a request for `license`, in the order CSSM tries them. For an Enterprise
 * license: itself, then the HCS Foundation license, then the HCS Standard license of the same application
 * (dual parenting). For an HCS Foundation license: itself, then HCS Standard (a higher-level license fills a
 * lower-level request). Other licenses are fulfilled only by themselves.
 */
export const allocationCandidates = (license: string): string[] => {
  const mapping = hcsMappingForLicense(license);
  if (!mapping) return [license];
  const foundation = LICENSE_MAPPING.find((m) => m.application === mapping.application && m.tier === 'HCS Foundation');
  const standard = LICENSE_MAPPING.find((m) => m.application === mapping.application && m.tier === 'HCS Standard');
  const isEnterprise = mapping.enterpriseLicenses.includes(license);
  const out: string[] = [];
  if (isEnterprise) out.push(license);
  if (mapping.tier === 'HCS Foundation' || mapping.tier === 'HCS Standard') {
    if (mapping.tier === 'HCS Foundation' && foundation) out.push(foundation.hcsLicense);
    if (standard) out.push(standard.hcsLicense);
  } else {
    out.push(mapping.hcsLicense);
  }
  return [...new Set(out)];
};
