import type { ServiceDefinition } from '#libs/service-kit';
import { CommonModule } from './common/common.module.js';
import { gatewayConfigSchema } from './config/gateway.config.js';
import { gatewayMigrations } from './database/gateway.migrations.js';
import { AuditLogEntry } from './modules/audit/audit-log.entity.js';
import { AuditLogRepository } from './modules/audit/audit-log.repository.js';
import { auditMiddleware } from './modules/audit/audit.middleware.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { ClusterAssignmentModule } from './modules/cluster-assignment/cluster-assignment.module.js';
import { ClustersModule } from './modules/clusters/clusters.module.js';
import { serveConsole } from './modules/console/console-static.js';
import { ConsoleModule } from './modules/console/console.module.js';
import { EventsModule } from './modules/events/events.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { LicenseManagersModule } from './modules/license-managers/license-managers.module.js';
import { LicenseUsageModule } from './modules/license-usage/license-usage.module.js';
import { CustomersModule } from './modules/customers/customers.module.js';
import { DashboardModule } from './modules/dashboard/dashboard.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { SubscriptionsModule } from './modules/subscriptions/subscriptions.module.js';
import { SmartAccountsModule } from './modules/smart-accounts/smart-accounts.module.js';
import { TransportModeModule } from './modules/transport-mode/transport-mode.module.js';
import { VirtualAccountsModule } from './modules/virtual-accounts/virtual-accounts.module.js';
import { setUpOpenApi } from './openapi.js';
import { auditLogRetention } from './modules/audit/audit-log.repository.js';

/** gateway: the operators' REST API (HCM-F's admin UI and /sdr/rest/smartLic), audit log in schema `gateway`. */
export const gatewayService: ServiceDefinition<typeof gatewayConfigSchema> = {
  name: 'gateway',
  schema: 'gateway',
  configSchema: gatewayConfigSchema,
  imports: [CommonModule, AuditModule, ClustersModule, ClusterAssignmentModule, JobsModule, LicenseUsageModule, LicenseManagersModule, SubscriptionsModule, ReportsModule, DashboardModule, CustomersModule, SmartAccountsModule, TransportModeModule, VirtualAccountsModule, ConsoleModule, EventsModule],
  migrations: gatewayMigrations,
  retention: (config) => [auditLogRetention(config.AUDIT_LOG_RETENTION)],
  entities: [AuditLogEntry],
  configureHttp: (app, config) => {
    app.use(auditMiddleware(app.get(AuditLogRepository)));
    serveConsole(app, config.CONSOLE_DIR);
    app.setGlobalPrefix('api/v1', { exclude: ['healthz', 'readyz'] });
  },
  configureManagement: (management, app) => setUpOpenApi(management, app),
};
