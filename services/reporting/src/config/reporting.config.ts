import type { z } from 'zod';
import { baseServiceConfigSchema, env } from '#libs/config';

export const reportingConfigSchema = baseServiceConfigSchema.extend({
  PORT: env.port(3005).describe('HTTP port for /healthz and /readyz.'),
  JOB_HISTORY_RETENTION: env.durationMs('90d').describe('How long finished jobs stay in the unified jobs view before pruning.'),
  LICENSE_HISTORY_RETENTION: env.durationMs('400d').describe('How long the License Dashboard\'s daily purchased and consumed history is kept before pruning.'),
  SMARTLIC_ENCRYPTION_KEYS: env.keyRing().describe('AES-256-GCM key ring for the SFTP delivery credentials: kid:<base64 32 bytes>, active key first.'),
  REPORTING_DELIVERY_TICK_MS: env.durationMs('60s').describe('How often the SFTP delivery schedule is checked; 0 turns scheduled delivery off.'),
  REPORTING_SFTP_TIMEOUT_MS: env.durationMs('15s').describe('Connect timeout towards an SFTP server; past it delivery moves on to the backup server.'),
});
export type ReportingConfig = z.infer<typeof reportingConfigSchema>;
