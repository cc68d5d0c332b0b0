import { MessagingTables1764300000000 } from '#libs/persistence';

/** Every migration of the `reporting` schema, in order. */
export const reportingMigrations = [MessagingTables1764300000000];
