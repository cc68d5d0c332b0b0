/**
 * The simulators' own transcription of the guide's "HCS Managed Services" section: "Table 1: License Mapping" (which
 * Enterprise licenses each HCS license stands for) and the hierarchy CSSM follows in allocating licenses. The
 * UC-application simulator reports an HCS-mode cluster's Enterprise usage under the mapped HCS license; the CSSM
 * simulator serves Enterprise requests from HCS pools (dual parenting). Written from the guide, not imported from
 * smartlic; simulators/common/src/__tests__/guide-tables.spec.ts checks both against the guide's text.
 */

/**
 * "CSSM follows hierarchy in allocating the licenses ... The licences are allocated in the following priority,
 * higher to lower-order": the guide's three levels, in its order.
 */
export const GUIDE_ALLOCATION_HIERARCHY = ['Enterprise', 'HCS Foundation', 'HCS Standard'] as const;
export type GuideAllocationLevel = (typeof GUIDE_ALLOCATION_HIERARCHY)[number];

/** The HCS levels of the hierarchy; an HCS license at one of them is the "HCS <tier>" the guide names. */
export type GuideHcsTier = Exclude<GuideAllocationLevel, 'Enterprise'>;

export interface GuideLicenseMappingRow {
  hcsLicense: string;
  /** Which UC application's column of the table lists the Enterprise licenses. */
  application: 'Cisco Unified CM' | 'Cisco Unity Connection' | 'Cisco Emergency Responder';
  enterpriseLicenses: readonly string[];
  /**
   * The hierarchy level this HCS license stands at. The guide's levels "HCS Foundation" and "HCS Standard" are the
   * Unified CM user licenses of Table 1; the other rows (TelePresence Room, Unity Connection, Emergency Responder)
   * stand outside the hierarchy and are filled only by their own Enterprise and HCS licenses.
   */
  tier?: GuideHcsTier;
}

export const GUIDE_LICENSE_MAPPING: readonly GuideLicenseMappingRow[] = [
  { hcsLicense: 'HCS Cisco UCM Foundation License', application: 'Cisco Unified CM', enterpriseLicenses: ['Basic', 'Essential', 'Enhanced'], tier: 'HCS Foundation' },
  { hcsLicense: 'HCS Cisco UCM Standard License', application: 'Cisco Unified CM', enterpriseLicenses: ['Cisco Unified Workspace Licensing (UWL)', 'Enhanced Plus'], tier: 'HCS Standard' },
  { hcsLicense: 'HCS Cisco UCM TelePresence Room License', application: 'Cisco Unified CM', enterpriseLicenses: ['Telepresence Room'] },
  { hcsLicense: 'HCS Unity Connection Basic License', application: 'Cisco Unity Connection', enterpriseLicenses: ['CUC_BasicMessaging'] },
  { hcsLicense: 'HCS Unity Connection Standard License', application: 'Cisco Unity Connection', enterpriseLicenses: ['CUC_EnhancedMessaging'] },
  { hcsLicense: 'HCS Emergency Responder User License', application: 'Cisco Emergency Responder', enterpriseLicenses: ['CER_USER'] },
];

/** The HCS license an Enterprise license maps to, or undefined (already an HCS name, or not in the table). */
export const hcsLicenseFor = (enterpriseLicense: string): string | undefined =>
  GUIDE_LICENSE_MAPPING.find((m) => m.enterpriseLicenses.includes(enterpriseLicense))?.hcsLicense;

/** Every Enterprise license of Table 1. */
export const GUIDE_ENTERPRISE_LICENSES: readonly string[] = GUIDE_LICENSE_MAPPING.flatMap((m) => m.enterpriseLicenses);

/** The Table 1 row of a license named either by its HCS name or by one of its Enterprise names. */
export const guideMappingRowOf = (license: string): GuideLicenseMappingRow | undefined =>
  GUIDE_LICENSE_MAPPING.find((m) => m.hcsLicense === license || m.enterpriseLicenses.includes(license));
