import { MessagingPruneIndexes1764303600000, MessagingTables1764300000000 } from '#libs/persistence';
import { Inventory1764300100000 } from './migrations/1764300100000-inventory.js';
import { AssignmentsAndJobs1764300500000 } from './migrations/1764300500000-assignments-and-jobs.js';
import { AutoRegistration1764300900000 } from './migrations/1764300900000-auto-registration.js';
import { JobTraceContext1764301000000 } from './migrations/1764301000000-job-trace-context.js';
import { JobClaimOrder1764301100000 } from './migrations/1764301100000-job-claim-order.js';
import { ObservedAgentState1764301200000 } from './migrations/1764301200000-observed-agent-state.js';
import { VaAssignmentVersion1764303000000 } from './migrations/1764303000000-va-assignment-version.js';
import { LicenseManagers1764303500000 } from './migrations/1764303500000-license-managers.js';

/** Every migration of the registration schema, in order. */
export const registrationMigrations = [MessagingTables1764300000000, Inventory1764300100000, AssignmentsAndJobs1764300500000, AutoRegistration1764300900000, JobTraceContext1764301000000, JobClaimOrder1764301100000, ObservedAgentState1764301200000, VaAssignmentVersion1764303000000, LicenseManagers1764303500000, MessagingPruneIndexes1764303600000];
