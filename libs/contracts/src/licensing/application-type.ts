/** UC application types smartlic manages, as carried by the provisioning contract. */
export const CLUSTER_TYPES = ['cucm', 'cuc', 'cer', 'expressway-c', 'expressway-e'] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];

/** The CAA adapter family that serves a cluster type (HCM-F runs one CAA service per application type). */
export const APPLICATION_TYPES = ['cucm', 'cuc', 'cer', 'expressway'] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

export const applicationTypeOf = (clusterType: ClusterType): ApplicationType =>
  clusterType === 'expressway-c' || clusterType === 'expressway-e' ? 'expressway' : clusterType;

/** License mode of a virtual account or a UC cluster (guide: "HCS Managed Services"). */
export const LICENSE_MODES = ['HCS', 'Enterprise'] as const;
export type LicenseMode = (typeof LICENSE_MODES)[number];
