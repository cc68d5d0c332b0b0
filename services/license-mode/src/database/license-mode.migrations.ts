import { MessagingTables1764300000000 } from '#libs/persistence';

/** Every migration of the `license_mode` schema, in order. */
export const licenseModeMigrations = [MessagingTables1764300000000];
