import { MessagingPruneIndexes1764303600000, MessagingTables1764300000000 } from '#libs/persistence';
import { LicenseModes1764300400000 } from './migrations/1764300400000-license-modes.js';
import { AutoRegistrationMode1764301200000 } from './migrations/1764301200000-auto-registration-mode.js';
import { VaAssignmentVersion1764303000000 } from './migrations/1764303000000-va-assignment-version.js';

/** Every migration of the `license_mode` schema, in order. */
export const licenseModeMigrations = [MessagingTables1764300000000, LicenseModes1764300400000, AutoRegistrationMode1764301200000, VaAssignmentVersion1764303000000, MessagingPruneIndexes1764303600000];
