import type { z } from 'zod';
import { baseServiceConfigSchema, env } from '#libs/config';

export const reportingConfigSchema = baseServiceConfigSchema.extend({
  PORT: env.port(3005).describe('HTTP port for /healthz and /readyz.'),
});
export type ReportingConfig = z.infer<typeof reportingConfigSchema>;
