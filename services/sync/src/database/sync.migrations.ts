import { MessagingPruneIndexes1764303600000, MessagingTables1764300000000 } from '#libs/persistence';
import { SmartAccounts1764300400000 } from './migrations/1764300400000-smart-accounts.js';
import { OperationalVaCheck1764301300000 } from './migrations/1764301300000-operational-va-check.js';
import { InheritedTransport1764302720000 } from './migrations/1764302720000-inherited-transport.js';
import { VaAssignmentVersion1764303000000 } from './migrations/1764303000000-va-assignment-version.js';

/** Every migration of the `sync` schema, in order. */
export const syncMigrations = [MessagingTables1764300000000, SmartAccounts1764300400000, OperationalVaCheck1764301300000, InheritedTransport1764302720000, VaAssignmentVersion1764303000000, MessagingPruneIndexes1764303600000];
