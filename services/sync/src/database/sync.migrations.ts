import { MessagingTables1764300000000 } from '#libs/persistence';
import { SmartAccounts1764300400000 } from './migrations/1764300400000-smart-accounts.js';

/** Every migration of the `sync` schema, in order. */
export const syncMigrations = [MessagingTables1764300000000, SmartAccounts1764300400000];
