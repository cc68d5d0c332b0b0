import { CaaEvents, CONSUMERS, JobEvents, PlmEvents, RegistrationEvents, ReportingCommands, SyncEvents } from '#libs/contracts';
import { JobMetricsModule, type ServiceDefinition } from '#libs/service-kit';
import { reportingConfigSchema } from './config/reporting.config.js';
import { reportingEntities } from './database/reporting.entities.js';
import { reportingMigrations } from './database/reporting.migrations.js';
import { CustomersModule } from './modules/customers/customers.module.js';
import { LicenseDashboardModule } from './modules/dashboard/license-dashboard.module.js';
import { ReportDeliveryModule } from './modules/delivery/report-delivery.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { PlmInventoryModule } from './modules/plm/plm-inventory.module.js';
import { ReadModelModule } from './modules/read-models/read-model.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { SubscriptionMapperModule } from './modules/subscription-mapper/subscription-mapper.module.js';
import { jobsViewRetention } from './modules/jobs/jobs.repository.js';
import { LicenseHistoryModule } from './modules/license-history/license-history.module.js';
import { licenseHistoryRetention } from './modules/license-history/license-history.repository.js';

/**
 * reporting (HCM-F's Service Inventory, HLM reports, Flex Usage report, License Dashboard, Subscription Mapper and
 * the unified jobs view): read models fed only by events, in schema `reporting`.
 */
export const reportingService: ServiceDefinition<typeof reportingConfigSchema> = {
  name: 'reporting',
  schema: 'reporting',
  configSchema: reportingConfigSchema,
  imports: [ReadModelModule, PlmInventoryModule, SubscriptionMapperModule, ReportsModule, LicenseDashboardModule, LicenseHistoryModule, CustomersModule, JobsModule, ReportDeliveryModule, JobMetricsModule],
  migrations: reportingMigrations,
  retention: (config) => [jobsViewRetention(config.JOB_HISTORY_RETENTION), licenseHistoryRetention(config.LICENSE_HISTORY_RETENTION)],
  entities: reportingEntities,
  consumers: Object.values(CONSUMERS.reporting),
  events: [
    SyncEvents.smartAccountUpserted,
    SyncEvents.smartAccountRemoved,
    SyncEvents.virtualAccountUpserted,
    SyncEvents.virtualAccountRemoved,
    SyncEvents.subscriptionUpserted,
    SyncEvents.subscriptionRemoved,
    SyncEvents.licenseSnapshotUpdated,
    RegistrationEvents.customerUpserted,
    RegistrationEvents.customerRemoved,
    RegistrationEvents.clusterUpserted,
    RegistrationEvents.clusterRemoved,
    RegistrationEvents.clusterStatusChanged,
    CaaEvents.licenseUsageReported,
    JobEvents.updated,
    PlmEvents.plmInventoryReported,
    PlmEvents.licenseManagerRemoved,
  ],
  commands: Object.values(ReportingCommands),
};
