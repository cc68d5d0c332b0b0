import { MessagingTables1764300000000 } from '#libs/persistence';
import { Inventory1764300100000 } from './migrations/1764300100000-inventory.js';

/** Every migration of the registration schema, in order. */
export const registrationMigrations = [MessagingTables1764300000000, Inventory1764300100000];
