import { CAA_OPERATIONS, caaCommand, CaaCommands, CONSUMERS, PlmCaaCommands, ProvisioningCommands, ProvisioningEvents } from '#libs/contracts';
import type { ServiceDefinition } from '#libs/service-kit';
import { appAdapterConfigSchema } from './config/app-adapter.config.js';
import { appAdapterEntities } from './database/app-adapter.entities.js';
import { appAdapterMigrations } from './database/app-adapter.migrations.js';
import { EndpointInventoryModule } from './modules/endpoint-inventory/endpoint-inventory.module.js';
import { PlmModule } from './modules/plm/plm.module.js';
import { SmartAgentModule } from './modules/smart-agent/smart-agent.module.js';
import { UsageCollectionModule } from './modules/usage-collection/usage-collection.module.js';

/** app-adapter (HCM-F's CAA services): the only component that talks to the UC applications (schema `app_adapter`). */
export const appAdapterService: ServiceDefinition<typeof appAdapterConfigSchema> = {
  name: 'app-adapter',
  schema: 'app_adapter',
  configSchema: appAdapterConfigSchema,
  imports: [EndpointInventoryModule, SmartAgentModule, UsageCollectionModule, PlmModule],
  migrations: appAdapterMigrations,
  entities: appAdapterEntities,
  consumers: [CONSUMERS.appAdapter.provisioning, CONSUMERS.appAdapter.customers],
  events: [
    ProvisioningEvents.clusterCreated,
    ProvisioningEvents.clusterUpdated,
    ProvisioningEvents.clusterDeleted,
    ProvisioningEvents.customerCreated,
    ProvisioningEvents.customerUpdated,
    ProvisioningEvents.customerDeleted,
  ],
  /** Emitted (outbox): CaaEvents.licenseUsageReported, CaaEvents.smartAgentStatusChanged. */
  commands: (config) =>
    [
      ProvisioningCommands.encryptionKey,
      ...Object.values(PlmCaaCommands),
      ...config.CAA_APP_TYPES.flatMap((type) => [...CAA_OPERATIONS.map((operation) => caaCommand(type, operation)), CaaCommands.collectUsage(type)]),
    ],
};
