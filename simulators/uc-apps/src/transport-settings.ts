import { isIP } from 'node:net';
import type { TransportSettings } from './smart-agent.state.js';

/** Which of the guide's transportsettings 400 rows a request violates. */
export type TransportValidationFailure = 'invalid-transport-mode' | 'invalid-gateway-url' | 'invalid-proxy' | 'invalid-proxy-address' | 'invalid-proxy-port';

export interface TransportSettingsInput {
  mode?: unknown;
  proxyIp?: unknown;
  proxyPort?: unknown;
  proxyUser?: unknown;
  proxyPassword?: unknown;
  gatewayUrl?: unknown;
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

const asPort = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
};

// A dotted-digit string that is not an IPv4 address (999.1.1.1) is a broken IP, not a host name.
const isProxyAddress = (value: string): boolean => isIP(value) !== 0 || (!/^[\d.]+$/.test(value) && HOSTNAME.test(value));

const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * Validates transport settings in the order the smart agent checks them: mode, then the fields the mode needs.
 * Direct (0) ignores the other fields; Proxy (1) needs an address (IP or host name) and a port, and for an
 * authenticating proxy both a user and a password; Satellite (2) a URL.
 */
export const validateTransportSettings = (input: TransportSettingsInput): { ok: true; settings: TransportSettings } | { ok: false; failure: TransportValidationFailure } => {
  const mode = asPort(input.mode);
  if (mode !== 0 && mode !== 1 && mode !== 2) return { ok: false, failure: 'invalid-transport-mode' };
  if (mode === 0) return { ok: true, settings: { mode } };
  if (mode === 2) {
    if (!isHttpUrl(input.gatewayUrl)) return { ok: false, failure: 'invalid-gateway-url' };
    return { ok: true, settings: { mode, gatewayUrl: input.gatewayUrl } };
  }
  if (isEmpty(input.proxyIp) || isEmpty(input.proxyPort)) return { ok: false, failure: 'invalid-proxy' };
  if (typeof input.proxyIp !== 'string' || !isProxyAddress(input.proxyIp)) return { ok: false, failure: 'invalid-proxy-address' };
  const port = asPort(input.proxyPort);
  if (port === undefined || port < 1 || port > 65535) return { ok: false, failure: 'invalid-proxy-port' };
  const settings: TransportSettings = { mode, proxyIp: input.proxyIp, proxyPort: port };
  // An authenticating proxy needs both its user and its password.
  if (!isEmpty(input.proxyUser) || !isEmpty(input.proxyPassword)) {
    if (typeof input.proxyUser !== 'string' || input.proxyUser === '' || typeof input.proxyPassword !== 'string' || input.proxyPassword === '') {
      return { ok: false, failure: 'invalid-proxy' };
    }
    settings.proxyUser = input.proxyUser;
    settings.proxyPassword = input.proxyPassword;
  }
  return { ok: true, settings };
};
