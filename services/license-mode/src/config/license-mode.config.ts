import type { z } from 'zod';
import { baseServiceConfigSchema, env } from '#libs/config';

export const licenseModeConfigSchema = baseServiceConfigSchema.extend({
  PORT: env.port(3003).describe('HTTP port for /healthz and /readyz.'),
});
export type LicenseModeConfig = z.infer<typeof licenseModeConfigSchema>;
