import { CONSUMERS, ProvisioningEvents, RegistrationCommands } from '#libs/contracts';
import type { ServiceDefinition } from '#libs/service-kit';
import { registrationConfigSchema } from './config/registration.config.js';
import { registrationMigrations } from './database/registration.migrations.js';
import { ClusterSummaryModule } from './modules/cluster-summary/cluster-summary.module.js';
import { InventoryModule } from './modules/inventory/inventory.module.js';

/** registration: customer/cluster inventory, VA assignments, auto-registration, cluster jobs (schema `registration`). */
export const registrationService: ServiceDefinition<typeof registrationConfigSchema> = {
  name: 'registration',
  schema: 'registration',
  configSchema: registrationConfigSchema,
  imports: [InventoryModule, ClusterSummaryModule],
  migrations: registrationMigrations,
  consumers: [CONSUMERS.registration.provisioning],
  events: Object.values(ProvisioningEvents),
  commands: Object.values(RegistrationCommands),
};
