/**
 * The smart agent of one product instance: the publisher of a Unified CM / Unity Connection / Emergency Responder
 * cluster, or each node of an Expressway cluster (Expressway registers per node).
 * EVALUATION (never registered) → REGISTERED → DEREGISTERED (evaluation semantics again, transport kept).
 */
export type RegistrationState = 'EVALUATION' | 'REGISTERED' | 'DEREGISTERED';
export type AuthorizationStatus = 'AUTHORIZED' | 'OUT_OF_COMPLIANCE';

/** Transport mode as in the smart-agent REST API: 0 = Direct (CSSM), 1 = Proxy, 2 = Satellite (SSM On-Prem). */
export type TransportMode = 0 | 1 | 2;

export interface TransportSettings {
  mode: TransportMode;
  proxyIp?: string;
  proxyPort?: number;
  /** An authenticating proxy's credentials (Emergency Responder's `license smart transport proxy` sets them). */
  proxyUser?: string;
  proxyPassword?: string;
  gatewayUrl?: string;
}

export interface Registration {
  smartAccount: string;
  virtualAccount: string;
  registeredAt: string;
  registrationExpires: string;
  authorizationExpires: string;
  authorizationStatus: AuthorizationStatus;
  exportControlled: boolean;
  lastRenewId?: string;
  lastRenewAuth?: string;
}

export interface SmartAgentState {
  state: RegistrationState;
  /** Present only while REGISTERED. */
  registration?: Registration;
  transport: TransportSettings;
}

/** Shared, frozen: a node that never touched its agent costs no memory (10,000 clusters per process). */
export const PRISTINE_AGENT: Readonly<SmartAgentState> = Object.freeze({ state: 'EVALUATION', transport: Object.freeze({ mode: 0 }) });

/** Days of evaluation a fresh installation has (CUCM Feature Configuration Guide: 90-day evaluation). */
export const EVALUATION_DAYS = 90;
