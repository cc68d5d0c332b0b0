/** UC applications as the guide and Cisco's references name them; the simulators' own vocabulary. */

export const SIM_CLUSTER_TYPES = ['cucm', 'cuc', 'cer', 'expressway-c', 'expressway-e'] as const;
export type SimClusterType = (typeof SIM_CLUSTER_TYPES)[number];

/** Deployment modes a Unified CM, Unity Connection or Emergency Responder publisher runs in (PAWS `getDeploymentMode`). */
export const SIM_LICENSE_MODES = ['HCS', 'Enterprise'] as const;
export type SimLicenseMode = (typeof SIM_LICENSE_MODES)[number];

/** The product family a cluster type belongs to (Expressway-C and -E share one smart-licensing interface). */
export type SimProduct = 'cucm' | 'cuc' | 'cer' | 'expressway';

export const productOf = (type: SimClusterType): SimProduct => (type === 'expressway-c' || type === 'expressway-e' ? 'expressway' : type);
