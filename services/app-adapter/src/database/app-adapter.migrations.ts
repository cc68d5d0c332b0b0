import { MessagingTables1764300000000 } from '#libs/persistence';
import { Endpoints1764300200000 } from './migrations/1764300200000-endpoints.js';
import { PlatformHostKeys1764300300000 } from './migrations/1764300300000-platform-host-keys.js';

export const appAdapterMigrations = [MessagingTables1764300000000, Endpoints1764300200000, PlatformHostKeys1764300300000];
