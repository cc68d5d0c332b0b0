import { z } from 'zod';
import { APPLICATION_TYPES } from '#libs/contracts';
import { baseServiceConfigSchema, env } from '#libs/config';

export const appAdapterConfigSchema = baseServiceConfigSchema.extend({
  PORT: env.port(3004).describe('HTTP port for /healthz and /readyz.'),
  CAA_APP_TYPES: env
    .list([...APPLICATION_TYPES])
    .pipe(z.array(z.enum(APPLICATION_TYPES)).min(1))
    .describe('Application types this deployment serves (cucm, cuc, cer, expressway), as HCM-F runs one CAA service per type.'),
  SMARTLIC_ENCRYPTION_KEYS: env.keyRing().describe('AES-256-GCM key ring for application credentials: kid:<base64 32 bytes>, active key first.'),
});
export type AppAdapterConfig = z.infer<typeof appAdapterConfigSchema>;
