import type { ServiceDefinition } from '#libs/service-kit';
import { licenseModeConfigSchema } from './config/license-mode.config.js';
import { licenseModeMigrations } from './database/license-mode.migrations.js';

/**
 * license-mode (HCM-F's Provisioning Adapter): VA and cluster license modes, mode changes with the publisher's
 * reboot (schema `license_mode`). Its features arrive with the cluster-registration issue.
 */
export const licenseModeService: ServiceDefinition<typeof licenseModeConfigSchema> = {
  name: 'license-mode',
  schema: 'license_mode',
  configSchema: licenseModeConfigSchema,
  imports: [],
  migrations: licenseModeMigrations,
};
