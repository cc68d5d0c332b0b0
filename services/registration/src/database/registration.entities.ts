import { PlmClusterAssignmentEntity, PlmCustomerAssignmentEntity } from '../modules/license-managers/plm-assignment.entities.js';
import { LicenseManagerEntity } from '../modules/license-managers/license-manager.entity.js';
import { ClusterAgentState } from './cluster-agent-state.entity.js';
import { ClusterAssignment } from './cluster-assignment.entity.js';
import { Cluster } from './cluster.entity.js';
import { Customer } from './customer.entity.js';
import { FingerprintKey } from './fingerprint-key.entity.js';
import { Job } from './job.entity.js';
import { SmartAccount } from './smart-account.entity.js';
import { StatusRefreshSchedule } from './status-refresh-schedule.entity.js';
import { StatusRefresh } from './status-refresh.entity.js';
import { VaAssignmentVersion } from './va-assignment-version.entity.js';
import { VirtualAccount } from './virtual-account.entity.js';

/** Every table of the registration schema as a TypeORM entity: the one definition of its rows (outbox and inbox are added by createServiceDataSource). */
export const registrationEntities = [ClusterAgentState, ClusterAssignment, Cluster, Customer, FingerprintKey, Job, SmartAccount, StatusRefreshSchedule, StatusRefresh, VaAssignmentVersion, VirtualAccount, LicenseManagerEntity, PlmCustomerAssignmentEntity, PlmClusterAssignmentEntity];
