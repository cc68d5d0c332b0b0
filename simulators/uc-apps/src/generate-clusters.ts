import { SIM_CLUSTER_TYPES, type SimClusterType } from '#simulators/common';
import type { UcClusterInput } from './scenario.schema.js';

const USAGE: Record<SimClusterType, UcClusterInput['usage']> = {
  cucm: [
    { license: 'Enhanced', count: 50 },
    { license: 'Basic', count: 10 },
  ],
  cuc: [{ license: 'CUC_BasicMessaging', count: 40 }],
  cer: [{ license: 'CER_USER', count: 20 }],
  'expressway-c': [],
  'expressway-e': [],
};

const VERSIONS: Record<SimClusterType, string> = { cucm: '12.5.1', cuc: '12.5.1', cer: '12.5.1', 'expressway-c': 'X14.0', 'expressway-e': 'X14.0' };

const ipv4ToInt = (ip: string): number => {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`invalid IPv4 address ${ip}`);
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
};

const intToIpv4 = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/**
 * `n` clusters for benches and scale tests: the five types in turn, two nodes each (publisher + subscriber; two
 * peers for Expressway), consecutive loopback addresses from `addressBase` (default 127.10.0.1), HCS and Enterprise
 * modes alternating every five clusters.
 */
export const generateClusters = (n: number, options: { addressBase?: string; idPrefix?: string } = {}): UcClusterInput[] => {
  let next = ipv4ToInt(options.addressBase ?? '127.10.0.1');
  const address = (): string => {
    // Skip .0 and .255 so every address is a plain host address.
    while ((next & 255) === 0 || (next & 255) === 255) next++;
    const ip = intToIpv4(next++);
    if (!ip.startsWith('127.')) throw new Error('generateClusters ran out of 127.0.0.0/8 addresses');
    return ip;
  };
  const prefix = options.idPrefix ?? 'gen';
  return Array.from({ length: n }, (_, i) => {
    const type = SIM_CLUSTER_TYPES[i % SIM_CLUSTER_TYPES.length]!;
    const id = `${prefix}-${type}-${i}`;
    return {
      id,
      customerId: `customer-${Math.floor(i / 10)}`,
      name: `${type.toUpperCase()} cluster ${i}`,
      type,
      version: VERSIONS[type],
      licenseMode: Math.floor(i / SIM_CLUSTER_TYPES.length) % 2 === 0 ? 'HCS' : 'Enterprise',
      credentials: { admin: { username: 'admin', password: 'admin-pw' }, platform: { username: 'platform', password: 'platform-pw' } },
      nodes: [
        { hostname: `${id}-1`, address: address(), publisher: true },
        { hostname: `${id}-2`, address: address(), publisher: false },
      ],
      usage: USAGE[type],
    };
  });
};
