import { LicenseSnapshot } from './license-snapshot.entity.js';
import { RegistrationToken } from './registration-token.entity.js';
import { SmartAccount } from './smart-account.entity.js';
import { Subscription } from './subscription.entity.js';
import { SyncJob } from './sync-job.entity.js';
import { TransportMode } from './transport-mode.entity.js';
import { VaAssignment } from './va-assignment.entity.js';
import { VirtualAccount } from './virtual-account.entity.js';

/** Every table of the sync schema as a TypeORM entity: the one definition of its rows (outbox and inbox are added by createServiceDataSource). */
export const syncEntities = [LicenseSnapshot, RegistrationToken, SmartAccount, Subscription, SyncJob, TransportMode, VaAssignment, VirtualAccount];
