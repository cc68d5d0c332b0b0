import type { ApplicationType, CaaTransportSettings, LicenseMode } from '#libs/contracts';
import type { ClusterTarget, TargetNode } from './cluster-target.js';

/** One node's smart agent as the application reports it. */
export interface AgentNodeState {
  hostname: string;
  address: string;
  registrationStatus: 'evaluation' | 'registered' | 'deregistered';
  authorizationStatus: string | null;
  smartAccount: string | null;
  virtualAccount: string | null;
  registrationExpires: string | null;
  authorizationExpires: string | null;
}

export interface AgentStatus {
  /** The publisher's agent (Unified CM, Unity Connection, Emergency Responder) or every node's (Expressway). */
  nodes: AgentNodeState[];
  licenseMode: LicenseMode | null;
}

export interface AgentUsage {
  licenseMode: LicenseMode | null;
  usage: { license: string; count: number; status: string | null }[];
}

/**
 * Transport settings as a driver applies them: the contract's settings plus, for a proxy that asks for credentials,
 * the provisioned proxy user and password (resolved inside app-adapter from its encrypted inventory; never on the bus).
 */
export type AgentTransportSettings = Omit<CaaTransportSettings, 'proxy'> & {
  proxy?: { host: string; port: number; username?: string; password?: string };
};

/** A license mode set on the publisher; it applies to the licensing once the publisher has restarted. */
export interface LicenseModeAnswer {
  /** The mode the publisher reads back right after the change (the change did not take when it is another). */
  licenseMode: LicenseMode;
}

/**
 * What app-adapter needs from one application type. Drivers throw SmartlicException with the guide's catalogue code
 * (the REST mapping-table row's message and action when the application answered one).
 */
export interface SmartAgentDriver {
  readonly applicationType: ApplicationType;
  /** `onlyNodes` (Expressway, one agent per node): register only these nodes' agents; the others are registered already. */
  register(target: ClusterTarget, token: string, force: boolean, onlyNodes?: readonly string[]): Promise<TargetNode[]>;
  deregister(target: ClusterTarget): Promise<TargetNode[]>;
  renewId(target: ClusterTarget): Promise<TargetNode[]>;
  renewAuth(target: ClusterTarget): Promise<TargetNode[]>;
  getTransport(target: ClusterTarget): Promise<CaaTransportSettings>;
  setTransport(target: ClusterTarget, settings: AgentTransportSettings): Promise<CaaTransportSettings>;
  status(target: ClusterTarget): Promise<AgentStatus>;
  licenseUsage(target: ClusterTarget): Promise<AgentUsage>;
  getLicenseMode(target: ClusterTarget): Promise<LicenseMode>;
  setLicenseMode(target: ClusterTarget, mode: LicenseMode): Promise<LicenseModeAnswer>;
}
