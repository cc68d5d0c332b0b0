import type { z } from 'zod';
import { baseServiceConfigSchema, env } from '#libs/config';
import { DEFAULT_AUTHENTICATION_GATEWAY, DEFAULT_CSSM_SERVER } from '#libs/contracts';

export const syncConfigSchema = baseServiceConfigSchema.extend({
  PORT: env.port(3001).describe('HTTP port for /healthz and /readyz.'),
  JOB_HISTORY_RETENTION: env.durationMs('90d').describe("How long finished jobs are kept (the Jobs page) before pruning; each smart account's latest job stays."),
  SMARTLIC_ENCRYPTION_KEYS: env.keyRing().describe('AES-256-GCM key ring for client secrets, proxy passwords and registration tokens: kid:<base64 32 bytes>, active key first.'),
  CSSM_AUTH_GATEWAY_URL: env
    .url({ protocols: ['https:', 'http:'], default: DEFAULT_AUTHENTICATION_GATEWAY })
    .describe('Default Authentication Gateway (OAuth2 token URL) of the global Transport Mode page until an operator sets it.'),
  CSSM_SERVER_URL: env
    .url({ protocols: ['https:', 'http:'], default: DEFAULT_CSSM_SERVER })
    .describe('Default CSSM Server (Smart Accounts API base) of the global Transport Mode page until an operator sets it.'),
  CSSM_CONNECT_TIMEOUT: env.durationMs('10s').describe('TCP/TLS connect timeout of CSSM, SSM On-Prem and proxy connections.'),
  CSSM_REQUEST_TIMEOUT: env
    .durationMs('30s')
    .describe('Time a CSSM call may wait for the response headers, and between body chunks (CSSM1007 when exceeded); one attempt lasts at most this plus CSSM_CONNECT_TIMEOUT.'),
  CSSM_MAX_ATTEMPTS: env.int({ min: 1, max: 10, default: 4 }).describe('Attempts of one CSSM call on 429, 5xx, timeouts and connection resets.'),
  CSSM_RETRY_BASE_DELAY: env.durationMs('500ms').describe('First retry delay; doubles at each attempt, with jitter. A Retry-After header wins (capped by CSSM_RETRY_MAX_DELAY).'),
  CSSM_RETRY_MAX_DELAY: env.durationMs('10s').describe('Longest wait between two attempts of a CSSM call.'),
  CSSM_CIRCUIT_BREAK_AFTER: env
    .int({ min: 1, max: 1000, default: 5 })
    .describe('Consecutive failed attempts (unreachable, timed out, 5xx) that open the circuit of a CSSM or SSM On-Prem host: its calls then fail fast with the last failure\'s code.'),
  CSSM_CIRCUIT_HALF_OPEN_AFTER: env.durationMs('30s').describe('How long an open CSSM circuit fails calls fast before one trial call may pass.'),
  CSSM_PAGE_SIZE: env.int({ min: 1, max: 1000, default: 100 }).describe('limit of the paged CSSM calls (licenses, subscriptions).'),
  SYNC_CONCURRENCY: env.int({ min: 1, max: 256, default: 16 }).describe('CSSM calls a sync job makes at the same time.'),
  SYNC_DEFAULT_INTERVAL: env.durationMs('24h').describe('Scheduled sync interval of a smart account that does not set its own syncIntervalSeconds.'),
  SYNC_SAVE_CHECK_TIMEOUT: env
    .durationMs('5s')
    .describe('How long saving a smart account waits for CSSM to list its virtual accounts (the ordered and operational VA names are checked against them before its first sync).'),
  SYNC_SCHEDULER_TICK: env.durationMs('30s').describe('How often the scheduler looks for smart accounts whose scheduled sync is due.'),
  REGISTRATION_TOKEN_MIN_VALIDITY: env.durationMs('168h').describe('A registration token expiring sooner than this is not reused; a new one is created.'),
  REGISTRATION_TOKEN_EXPIRES_AFTER_DAYS: env.int({ min: 1, max: 365, default: 365 }).describe('expiresAfterDays of the registration tokens smartlic creates.'),
});
export type SyncConfig = z.infer<typeof syncConfigSchema>;
