import { MessagingTables1764300000000 } from '#libs/persistence';

/** Every migration of the `sync` schema, in order. */
export const syncMigrations = [MessagingTables1764300000000];
