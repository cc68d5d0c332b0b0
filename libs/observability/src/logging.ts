import type { LoggerOptions } from 'pino';
import { activeTraceIds } from './tracing.js';

/**
 * Paths pino censors. `*` matches one level only, so nested shapes we know of are listed explicitly:
 * request bodies of smart-account and provisioning payloads, NATS payload logs, outbound client options.
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  '*.authorization',
  '*.password',
  '*.clientSecret',
  '*.client_secret',
  '*.proxyPassword',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.token',
  '*.secret',
  'password',
  'clientSecret',
  'client_secret',
  'accessToken',
  'token',
  '*.*.password',
  '*.*.clientSecret',
  '*.*.token',
  '*.credentials.admin.password',
  '*.credentials.platform.password',
  '*.credentials.http.password',
  'credentials.admin.password',
  'credentials.platform.password',
  'credentials.http.password',
  '*.proxy.password',
  'proxy.password',
  'req.body.clientSecret',
  'req.body.proxy.password',
  'req.body.transport.proxy.password',
  'req.body.transport.proxyPassword',
];

export const REDACTION_CENSOR = '[REDACTED]';

/** pino options shared by every service: JSON lines, trace and span ids of the active span, redaction. */
export const loggerOptions = (serviceName: string, level = 'info'): LoggerOptions => ({
  level,
  base: { service: serviceName },
  messageKey: 'msg',
  timestamp: () => `,"time":"${new Date().toISOString()}"`,
  redact: { paths: [...REDACTED_PATHS], censor: REDACTION_CENSOR },
  mixin: () => activeTraceIds(),
  formatters: { level: (label) => ({ level: label }) },
});
