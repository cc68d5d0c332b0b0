import { CONSUMERS, LicenseModeCommands, RegistrationEvents, SyncEvents } from '#libs/contracts';
import type { ServiceDefinition } from '#libs/service-kit';
import { licenseModeConfigSchema } from './config/license-mode.config.js';
import { licenseModeEntities } from './database/license-mode.entities.js';
import { licenseModeMigrations } from './database/license-mode.migrations.js';
import { ClusterLicenseModeModule } from './modules/cluster-license-mode/cluster-license-mode.module.js';
import { LicenseMappingModule } from './modules/license-mapping/license-mapping.module.js';
import { VaLicenseModeModule } from './modules/va-license-mode/va-license-mode.module.js';

/**
 * license-mode (HCM-F's Provisioning Adapter): VA license modes, cluster license-mode changes with the publisher's
 * reboot, and the HCS/Enterprise license mapping (schema `license_mode`).
 */
export const licenseModeService: ServiceDefinition<typeof licenseModeConfigSchema> = {
  name: 'license-mode',
  schema: 'license_mode',
  configSchema: licenseModeConfigSchema,
  imports: [VaLicenseModeModule, ClusterLicenseModeModule, LicenseMappingModule],
  migrations: licenseModeMigrations,
  entities: licenseModeEntities,
  consumers: [CONSUMERS.licenseMode.vaAssignments, CONSUMERS.licenseMode.syncVirtualAccounts, CONSUMERS.licenseMode.smartAccountUpserted, CONSUMERS.licenseMode.smartAccountRemoved],
  events: [RegistrationEvents.vaAssignmentsChanged, SyncEvents.virtualAccountUpserted, SyncEvents.virtualAccountRemoved, SyncEvents.smartAccountUpserted, SyncEvents.smartAccountRemoved],
  commands: Object.values(LicenseModeCommands),
};
