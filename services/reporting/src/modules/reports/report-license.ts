import { hcsMappingForLicense, type HcsLicenseMapping } from '#libs/contracts';

/** How a license shows in the Service Inventory and HLM reports: product code and short license type. */
export interface ReportLicense {
  product: string;
  licenseType: string;
  /** The guide's Table 1 row when the license is an HCS license or an Enterprise license it maps. */
  mapping: HcsLicenseMapping | undefined;
}

/** The license application of a cluster type (both Expressways license as `expressway`). */
export const APPLICATION_OF_TYPE: Record<string, string> = { cucm: 'cucm', cuc: 'cuc', cer: 'cer', 'expressway-c': 'expressway', 'expressway-e': 'expressway' };

const PRODUCT_BY_APPLICATION: Record<string, string> = { cucm: 'HUCM', cuc: 'HCUC', cer: 'HCER', expressway: 'HEXP' };
const PRODUCT_BY_NAME: [RegExp, string][] = [
  [/^HCS (?:Cisco )?(?:UCM|Unified CM)\b/i, 'HUCM'],
  [/^HCS (?:Cisco )?Unity Connection\b/i, 'HCUC'],
  [/^HCS (?:Cisco )?Emergency Responder\b/i, 'HCER'],
  [/^HCS (?:Cisco )?Expressway\b/i, 'HEXP'],
];

const compact = (words: string): string => words.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

/**
 * Report naming (guide: "Smart Licensing Reports": `HUCM|10|HUCM_Foundation`). The guide's Table 1 names the mapped
 * HCS licenses; other HCS licenses ("HCS Cisco UCM Essential License") are named by the same rule: product code,
 * then the words between the product and "License". Enterprise licenses keep their own name under the product of
 * the HCS license they map to. Returns undefined for a license no rule recognises.
 */
export const reportLicenseOf = (license: string, applicationType?: string | null): ReportLicense | undefined => {
  const mapping = hcsMappingForLicense(license);
  if (mapping && (mapping.hcsLicense === license || mapping.reportLicenseType === license)) {
    return { product: mapping.reportProduct, licenseType: mapping.reportLicenseType, mapping };
  }
  if (mapping) return { product: mapping.reportProduct, licenseType: `${mapping.reportProduct}_${compact(license.replace(/^(CUC|CER)_/, ''))}`, mapping };
  const short = /^(H[A-Z]{2,4})_(\w+)$/.exec(license);
  if (short) return { product: short[1]!, licenseType: license, mapping: undefined };
  for (const [pattern, product] of PRODUCT_BY_NAME) {
    if (pattern.test(license)) {
      const words = license.replace(pattern, '').replace(/\bLicen[sc]e\b/i, '');
      return { product, licenseType: `${product}_${compact(words)}`, mapping: undefined };
    }
  }
  const product = applicationType ? PRODUCT_BY_APPLICATION[applicationType] : undefined;
  return product ? { product, licenseType: `${product}_${compact(license)}`, mapping: undefined } : undefined;
};

/** `VA@SA` as the guide's LM name: the smart account domain for CSSM, the local account for a satellite. */
export const lmName = (virtualAccount: string, transport: string, domain: string | null, localAccount: string | null): string =>
  `${virtualAccount}@${transport === 'Satellite' ? (localAccount ?? domain ?? '~') : (domain ?? '~')}`;

/** Major product version ("12.5.1" → "12", "X14.2" → "14"), "~" when unknown. */
export const majorVersion = (version: string | null | undefined): string => /(\d+)/.exec(version?.replace(/^X/i, '') ?? '')?.[1] ?? '~';
