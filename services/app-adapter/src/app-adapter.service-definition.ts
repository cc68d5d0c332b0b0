import { CaaCommands, CONSUMERS, ProvisioningEvents } from '#libs/contracts';
import type { ServiceDefinition } from '#libs/service-kit';
import { appAdapterConfigSchema } from './config/app-adapter.config.js';
import { appAdapterMigrations } from './database/app-adapter.migrations.js';
import { EndpointInventoryModule } from './modules/endpoint-inventory/endpoint-inventory.module.js';
import { SmartAgentModule } from './modules/smart-agent/smart-agent.module.js';

/** app-adapter (HCM-F's CAA services): the only component that talks to the UC applications (schema `app_adapter`). */
export const appAdapterService: ServiceDefinition<typeof appAdapterConfigSchema> = {
  name: 'app-adapter',
  schema: 'app_adapter',
  configSchema: appAdapterConfigSchema,
  imports: [EndpointInventoryModule, SmartAgentModule],
  migrations: appAdapterMigrations,
  consumers: [CONSUMERS.appAdapter.provisioning],
  events: [ProvisioningEvents.clusterCreated, ProvisioningEvents.clusterUpdated, ProvisioningEvents.clusterDeleted],
  commands: (config) => config.CAA_APP_TYPES.map((type) => CaaCommands.status(type)),
};
