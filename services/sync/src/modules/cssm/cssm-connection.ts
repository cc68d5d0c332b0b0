import type { CssmRealm } from './cssm-wire.js';

/** Everything the CSSM client needs to reach one smart account (decrypted secrets: never log this object). */
export interface CssmConnection {
  /** Changes whenever the settings change, so cached tokens and connections are not reused across edits. */
  key: string;
  realm: CssmRealm;
  /** OAuth2 token URL: the authentication gateway (cloud, form body) or the satellite token URL (On-Prem, JSON body). */
  tokenUrl: string;
  /** Base URL of the Smart Accounts API (cloud: the CSSM server; On-Prem: `<origin>/backend/api/v1`). */
  apiBaseUrl: string;
  /** Account in the API paths: the smart-account domain (cloud) or the local account (On-Prem). */
  account: string;
  clientId: string;
  clientSecret: string;
  /** HTTP(S) forward proxy of transport mode Proxy. */
  proxy?: { host: string; port: number; username?: string | null; password?: string | null };
}
