import type { ServiceDefinition } from '#libs/service-kit';
import { syncConfigSchema } from './config/sync.config.js';
import { syncMigrations } from './database/sync.migrations.js';

/**
 * sync (HCM-F HLM's CSSM side): smart accounts, transport settings, virtual accounts, licenses, subscriptions and
 * registration tokens (schema `sync`). Its features arrive with the sync issue; the skeleton owns its schema.
 */
export const syncService: ServiceDefinition<typeof syncConfigSchema> = {
  name: 'sync',
  schema: 'sync',
  configSchema: syncConfigSchema,
  imports: [],
  migrations: syncMigrations,
};
