import { PlmConnection } from './plm-connection.entity.js';
import { PendingLicenseModeChange } from '../modules/license-mode-change/pending-license-mode-change.entity.js';
import { Customer } from './customer.entity.js';
import { Endpoint } from './endpoint.entity.js';
import { PlatformHostKey } from './platform-host-key.entity.js';
import { SmartAgentState } from './smart-agent-state.entity.js';
import { UsageCollectionSchedule } from './usage-collection-schedule.entity.js';

/** Every table of the app-adapter schema as a TypeORM entity: the one definition of its rows (outbox and inbox are added by createServiceDataSource). */
export const appAdapterEntities = [Customer, Endpoint, PlatformHostKey, SmartAgentState, UsageCollectionSchedule, PendingLicenseModeChange, PlmConnection];
