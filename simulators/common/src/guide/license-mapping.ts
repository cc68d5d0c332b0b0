/**
 * The simulators' own transcription of the guide's "Table 1: License Mapping" (HCS Managed Services): which
 * Enterprise licenses each HCS license stands for. The UC-application simulator reports an HCS-mode cluster's
 * Enterprise usage under the mapped HCS license; the CSSM simulator serves Enterprise requests from HCS pools
 * (dual parenting). Written from the guide, not imported from smartlic.
 */
export interface GuideLicenseMappingRow {
  hcsLicense: string;
  /** Which UC application's column of the table lists the Enterprise licenses. */
  application: 'Cisco Unified CM' | 'Cisco Unity Connection' | 'Cisco Emergency Responder';
  enterpriseLicenses: readonly string[];
}

export const GUIDE_LICENSE_MAPPING: readonly GuideLicenseMappingRow[] = [
  { hcsLicense: 'HCS Cisco UCM Foundation License', application: 'Cisco Unified CM', enterpriseLicenses: ['Basic', 'Essential', 'Enhanced'] },
  { hcsLicense: 'HCS Cisco UCM Standard License', application: 'Cisco Unified CM', enterpriseLicenses: ['Cisco Unified Workspace Licensing (UWL)', 'Enhanced Plus'] },
  { hcsLicense: 'HCS Cisco UCM TelePresence Room License', application: 'Cisco Unified CM', enterpriseLicenses: ['Telepresence Room'] },
  { hcsLicense: 'HCS Unity Connection Basic License', application: 'Cisco Unity Connection', enterpriseLicenses: ['CUC_BasicMessaging'] },
  { hcsLicense: 'HCS Unity Connection Standard License', application: 'Cisco Unity Connection', enterpriseLicenses: ['CUC_EnhancedMessaging'] },
  { hcsLicense: 'HCS Emergency Responder User License', application: 'Cisco Emergency Responder', enterpriseLicenses: ['CER_USER'] },
];

/** The HCS license an Enterprise license maps to, or undefined (already an HCS name, or not in the table). */
export const hcsLicenseFor = (enterpriseLicense: string): string | undefined =>
  GUIDE_LICENSE_MAPPING.find((m) => m.enterpriseLicenses.includes(enterpriseLicense))?.hcsLicense;
