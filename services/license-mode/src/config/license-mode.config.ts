import type { z } from 'zod';
import { baseServiceConfigSchema, env } from '#libs/config';

export const licenseModeConfigSchema = baseServiceConfigSchema.extend({
  PORT: env.port(3003).describe('HTTP port for /healthz and /readyz.'),
  LICENSE_MODE_REBOOT_DEADLINE_MS: env
    .durationMs('15m')
    .describe('How long a license-mode change waits for the publisher to answer again after its reboot (Enterprise to HCS).'),
  LICENSE_MODE_REBOOT_POLL_MS: env.durationMs('1s').describe('How often a rebooting publisher is asked for its license mode again.'),
});
export type LicenseModeConfig = z.infer<typeof licenseModeConfigSchema>;
