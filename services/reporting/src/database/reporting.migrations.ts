import { MessagingPruneIndexes1764303600000, MessagingTables1764300000000 } from '#libs/persistence';
import { ReportingReadModels1764300500000 } from './migrations/1764300500000-reporting-read-models.js';
import { PlmReadModels1764400170000 } from './migrations/1764400170000-plm-read-models.js';
import { LicenseHistory1764500000000 } from './migrations/1764500000000-license-history.js';

/** Every migration of the `reporting` schema, in order. */
export const reportingMigrations = [MessagingTables1764300000000, ReportingReadModels1764300500000, MessagingPruneIndexes1764303600000, PlmReadModels1764400170000, LicenseHistory1764500000000];
