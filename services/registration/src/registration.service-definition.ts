import { CaaEvents, CONSUMERS, LicenseManagementCommands, LicenseManagerCommands, LicenseModeEvents, ProvisioningEvents, RegistrationCommands, SyncEvents } from '#libs/contracts';
import { JobMetricsModule, type ServiceDefinition } from '#libs/service-kit';
import { registrationConfigSchema } from './config/registration.config.js';
import { registrationEntities } from './database/registration.entities.js';
import { registrationMigrations } from './database/registration.migrations.js';
import { AgentStateModule } from './modules/agent-state/agent-state.module.js';
import { AssignmentModule } from './modules/assignment/assignment.module.js';
import { AutoRegistrationModule } from './modules/auto-registration/auto-registration.module.js';
import { ClusterSummaryModule } from './modules/cluster-summary/cluster-summary.module.js';
import { InventoryModule } from './modules/inventory/inventory.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { LicenseManagersModule } from './modules/license-managers/license-managers.module.js';
import { VirtualAccountsModule } from './modules/virtual-accounts/virtual-accounts.module.js';
import { jobHistoryRetention } from './modules/jobs/job.repository.js';

/** registration: customer/cluster inventory, VA assignments, auto-registration, cluster jobs (schema `registration`). */
export const registrationService: ServiceDefinition<typeof registrationConfigSchema> = {
  name: 'registration',
  schema: 'registration',
  configSchema: registrationConfigSchema,
  imports: [InventoryModule, ClusterSummaryModule, AgentStateModule, VirtualAccountsModule, JobsModule, AssignmentModule, AutoRegistrationModule, LicenseManagersModule, JobMetricsModule],
  migrations: registrationMigrations,
  entities: registrationEntities,
  retention: (config) => [jobHistoryRetention(config.JOB_HISTORY_RETENTION)],
  consumers: [CONSUMERS.registration.provisioning, CONSUMERS.registration.syncVirtualAccounts, CONSUMERS.registration.syncSmartAccounts, CONSUMERS.registration.vaLicenseModes, CONSUMERS.registration.smartAgentStates],
  events: [
    ...Object.values(ProvisioningEvents),
    SyncEvents.virtualAccountUpserted,
    SyncEvents.virtualAccountRemoved,
    SyncEvents.smartAccountUpserted,
    SyncEvents.smartAccountRemoved,
    SyncEvents.smartAccountSynced,
    LicenseModeEvents.vaLicenseModeChanged,
    CaaEvents.smartAgentStatusChanged,
  ],
  commands: [...Object.values(RegistrationCommands), ...Object.values(LicenseManagerCommands), ...Object.values(LicenseManagementCommands)],
};
