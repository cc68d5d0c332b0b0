import type { ApplicationType, ClusterType, Credential } from '#libs/contracts';

export interface TargetNode {
  hostname: string;
  address: string;
  /** Port when not the application default (443). */
  port: number | null;
  publisher: boolean;
}

export type CredentialKind = 'admin' | 'platform' | 'http';

/** Per-cluster TLS trust: the cluster's CA bundle, or its explicit (logged) opt-out of verification. */
export interface ClusterTls {
  caPem?: string;
  insecureSkipVerify?: boolean;
}

/** Everything a driver needs to reach one cluster: its nodes, decrypted credentials and TLS trust. */
export interface ClusterTarget {
  clusterId: string;
  applicationType: ApplicationType;
  clusterType: ClusterType;
  version: string;
  nodes: TargetNode[];
  credentials: Partial<Record<CredentialKind, Credential>>;
  tls: ClusterTls | null;
}

/** The node smart licensing operations run on (Unified CM, Unity Connection, Emergency Responder). */
export const publisherOf = (target: ClusterTarget): TargetNode => {
  const publisher = target.nodes.find((n) => n.publisher);
  if (!publisher) throw new Error(`cluster ${target.clusterId} has no publisher`);
  return publisher;
};
