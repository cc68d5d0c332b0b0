import { ClusterLicenseMode } from './cluster-license-mode.entity.js';
import { SmartAccountAutoRegistration } from './smart-account-auto-registration.entity.js';
import { VaLicenseMode } from './va-license-mode.entity.js';
import { VirtualAccount } from './virtual-account.entity.js';

/** Every table of the license-mode schema as a TypeORM entity: the one definition of its rows (outbox and inbox are added by createServiceDataSource). */
export const licenseModeEntities = [ClusterLicenseMode, SmartAccountAutoRegistration, VaLicenseMode, VirtualAccount];
