import { GUIDE_LICENSE_MAPPING } from '#simulators/common';
import type { SmartAccountScenario, VirtualAccountScenario } from './cssm-scenario.schema.js';

export interface GenerateSmartAccountOptions {
  domain?: string;
  name?: string;
  virtualAccounts: number;
  licensesPerVa?: number;
  subscriptionsPerVa?: number;
  quantity?: number;
  clientId?: string;
  clientSecret?: string;
}

// Real license names first (the guide's Table 1: HCS, then the Enterprise ones they stand for), then filler names.
const LICENSE_NAMES = [...new Set([...GUIDE_LICENSE_MAPPING.map((m) => m.hcsLicense), ...GUIDE_LICENSE_MAPPING.flatMap((m) => m.enterpriseLicenses)])];
const licenseName = (i: number): string => LICENSE_NAMES[i] ?? `Synthetic License ${i - LICENSE_NAMES.length + 1}`;

/**
 * A large smart account for load and memory tests: `va-0001`… each holding `licensesPerVa` licenses whose TERM
 * details spread over `subscriptionsPerVa` subscriptions; the last license of each VA is PERPETUAL.
 */
export const generateSmartAccount = (options: GenerateSmartAccountOptions): SmartAccountScenario => {
  const licensesPerVa = options.licensesPerVa ?? 20;
  const subscriptionsPerVa = Math.max(1, options.subscriptionsPerVa ?? 2);
  const quantity = options.quantity ?? 1000;
  const width = String(options.virtualAccounts).length;
  const virtualAccounts: VirtualAccountScenario[] = Array.from({ length: options.virtualAccounts }, (_, v) => {
    const name = `va-${String(v + 1).padStart(Math.max(4, width), '0')}`;
    return {
      name,
      description: `Generated virtual account ${v + 1}`,
      isDefault: v === 0,
      licenses: Array.from({ length: licensesPerVa }, (_, l) => ({
        license: licenseName(l),
        licenseDetails: [
          l === licensesPerVa - 1
            ? { licenseType: 'PERPETUAL' as const, quantity }
            : { licenseType: 'TERM' as const, quantity, subscriptionId: `Sub${v + 1}-${(l % subscriptionsPerVa) + 1}`, startDate: '2026-01-01', endDate: '2028-12-31' },
        ],
      })),
    };
  });
  return {
    domain: options.domain ?? 'bench.example.com',
    name: options.name ?? 'Bench Smart Account',
    apiClients: [{ clientId: options.clientId ?? 'bench-client', clientSecret: options.clientSecret ?? 'bench-secret' }],
    virtualAccounts,
  };
};
