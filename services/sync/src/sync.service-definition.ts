import { CONSUMERS, RegistrationEvents, SyncCommands } from '#libs/contracts';
import { JobMetricsModule, type ServiceDefinition } from '#libs/service-kit';
import { syncConfigSchema } from './config/sync.config.js';
import { syncEntities } from './database/sync.entities.js';
import { syncMigrations } from './database/sync.migrations.js';
import { RegistrationTokensModule } from './modules/registration-tokens/registration-tokens.module.js';
import { SmartAccountConfigModule } from './modules/smart-account-config/smart-account-config.module.js';
import { SyncJobsModule } from './modules/sync-jobs/sync-jobs.module.js';
import { VirtualAccountsModule } from './modules/virtual-accounts/virtual-accounts.module.js';
import { syncJobHistoryRetention } from './modules/sync-jobs/sync-job.repository.js';

/**
 * sync (HCM-F HLM's CSSM side): smart accounts and their transport settings, the local copy of CSSM and satellite
 * (virtual accounts, licenses, subscriptions, registration tokens), Smart Account Sync jobs (schema `sync`).
 */
export const syncService: ServiceDefinition<typeof syncConfigSchema> = {
  name: 'sync',
  schema: 'sync',
  configSchema: syncConfigSchema,
  imports: [SmartAccountConfigModule, SyncJobsModule, VirtualAccountsModule, RegistrationTokensModule, JobMetricsModule],
  migrations: syncMigrations,
  entities: syncEntities,
  retention: (config) => [syncJobHistoryRetention(config.JOB_HISTORY_RETENTION)],
  consumers: [CONSUMERS.sync.vaAssignments],
  events: [RegistrationEvents.vaAssignmentsChanged],
  commands: Object.values(SyncCommands),
};
