import { MessagingPruneIndexes1764303600000, MessagingTables1764300000000 } from '#libs/persistence';
import { AuditLog1764300300000 } from './migrations/1764300300000-audit-log.js';

export const gatewayMigrations = [MessagingTables1764300000000, AuditLog1764300300000, MessagingPruneIndexes1764303600000];
