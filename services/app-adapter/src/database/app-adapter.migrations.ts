import { MessagingPruneIndexes1764303600000, MessagingTables1764300000000 } from '#libs/persistence';
import { Endpoints1764300200000 } from './migrations/1764300200000-endpoints.js';
import { PlatformHostKeys1764300300000 } from './migrations/1764300300000-platform-host-keys.js';
import { UsageCollectionSchedule1764302700000 } from './migrations/1764302700000-usage-collection-schedule.js';
import { ProvisionedProxies1764302710000 } from './migrations/1764302710000-provisioned-proxies.js';
import { PendingLicenseModeChanges1764302720000 } from './migrations/1764302720000-pending-license-mode-changes.js';
import { PendingLicenseModeChangeLease1764302730000 } from './migrations/1764302730000-pending-license-mode-change-lease.js';
import { PlmConnections1764303500000 } from './migrations/1764303500000-plm-connections.js';

export const appAdapterMigrations = [MessagingTables1764300000000, Endpoints1764300200000, PlatformHostKeys1764300300000, UsageCollectionSchedule1764302700000, ProvisionedProxies1764302710000, PendingLicenseModeChanges1764302720000, PendingLicenseModeChangeLease1764302730000, PlmConnections1764303500000, MessagingPruneIndexes1764303600000];
