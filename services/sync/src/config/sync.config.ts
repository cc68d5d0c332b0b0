import type { z } from 'zod';
import { baseServiceConfigSchema, env } from '#libs/config';

export const syncConfigSchema = baseServiceConfigSchema.extend({
  PORT: env.port(3001).describe('HTTP port for /healthz and /readyz.'),
});
export type SyncConfig = z.infer<typeof syncConfigSchema>;
