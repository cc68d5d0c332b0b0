import type { ServiceDefinition } from '#libs/service-kit';
import { reportingConfigSchema } from './config/reporting.config.js';
import { reportingMigrations } from './database/reporting.migrations.js';

/**
 * reporting (HCM-F's Service Inventory, HLM reports, License Dashboard): read models fed by events (schema
 * `reporting`). Its features arrive with the reporting issue.
 */
export const reportingService: ServiceDefinition<typeof reportingConfigSchema> = {
  name: 'reporting',
  schema: 'reporting',
  configSchema: reportingConfigSchema,
  imports: [],
  migrations: reportingMigrations,
};
