import { baseServiceConfigSchema, env } from '#libs/config';

export const registrationConfigSchema = baseServiceConfigSchema.extend({
  PORT: env.port(3002).describe('HTTP port for /healthz and /readyz.'),
});
export type RegistrationConfig = ReturnType<typeof registrationConfigSchema.parse>;
