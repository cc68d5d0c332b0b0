import { PLM_ENTITIES } from '../modules/plm/plm-inventory.module.js';
import { Cluster } from './cluster.entity.js';
import { Customer } from './customer.entity.js';
import { ReportDelivery } from '../modules/delivery/report-delivery.entity.js';
import { Job } from './job.entity.js';
import { LicenseHistory } from './license-history.entity.js';
import { LicenseUsageReport } from './license-usage-report.entity.js';
import { LicenseUsage } from './license-usage.entity.js';
import { ReportChunk } from './report-chunk.entity.js';
import { ReportRun } from './report-run.entity.js';
import { SmartAccount } from './smart-account.entity.js';
import { SubscriptionLine } from './subscription-line.entity.js';
import { SubscriptionMapping } from './subscription-mapping.entity.js';
import { VaLicense } from './va-license.entity.js';
import { VirtualAccount } from './virtual-account.entity.js';

/** Every table of the reporting schema as a TypeORM entity: the one definition of its rows (outbox and inbox are added by createServiceDataSource). */
export const reportingEntities = [Cluster, Customer, Job, LicenseHistory, LicenseUsageReport, LicenseUsage, ReportChunk, ReportDelivery, ReportRun, SmartAccount, SubscriptionLine, SubscriptionMapping, VaLicense, VirtualAccount, ...PLM_ENTITIES];
