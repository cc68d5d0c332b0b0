import { prioritisedClusterStatus, type ClusterStatus, type ClusterType, type JobStatus, type JobTrigger, type RegistrationJobType, type SmartAgentStatus } from '#libs/contracts';

/** The smart agent's state as app-adapter read it from the application. */
export type ObservedAgent = Pick<
  SmartAgentStatus,
  'registrationStatus' | 'smartAccount' | 'virtualAccount' | 'virtualAccounts' | 'registrationExpires' | 'authorizationStatus' | 'authorizationExpires' | 'nodes'
> & { checkedAt: Date };

/** What smartlic itself knows of the cluster when the state is observed: its assignment and its latest job. */
export interface StatusBasis {
  clusterType: ClusterType;
  /** Name of the virtual account smartlic assigned the cluster to; null when not assigned. */
  assignedVirtualAccount: string | null;
  /** Who made the assignment (auto-registration or an operator). */
  trigger: JobTrigger | null;
  /** The job that set the cluster's status last (`cluster_registration.last_job_id`). */
  lastJob: { jobType: RegistrationJobType; trigger: JobTrigger; status: JobStatus; completedAt: Date | null; virtualAccount: string | null } | null;
}

/**
 * The Cluster Summary status an observation gives. `source` says what the status information icon explains: the
 * application's state, or the latest job (its failure still stands; the job's Status Information says why).
 */
export interface ObservedStatus {
  status: ClusterStatus;
  source: 'application' | 'job';
  description: string;
  recommendedAction: string | null;
  /** The one virtual account the agent is registered to (all nodes, or the registered ones), else null. */
  virtualAccount: string | null;
}

type Reading =
  | { kind: 'multiple'; virtualAccounts: string[] }
  | { kind: 'partial'; virtualAccount: string | null; registered: string[]; unregistered: string[] }
  | { kind: 'registered'; virtualAccount: string | null }
  | { kind: 'expired'; virtualAccount: string | null; expires: string }
  | { kind: 'not-registered' };

const ACTIVE_JOB: ReadonlySet<JobStatus> = new Set(['Queued', 'In Progress']);
const isExpressway = (type: ClusterType) => type === 'expressway-c' || type === 'expressway-e';

/** What the state means for the Cluster Summary; undefined when it says nothing (never read, or not an Expressway's). */
const read = (agent: ObservedAgent, type: ClusterType): Reading | undefined => {
  switch (agent.registrationStatus) {
    case 'multiple-virtual-accounts':
    case 'partially-registered':
      // The guide: "Partial and multiple VA applies only to Expressway-E and C clusters" (the others have one agent).
      if (!isExpressway(type)) return undefined;
      if (agent.registrationStatus === 'multiple-virtual-accounts') return { kind: 'multiple', virtualAccounts: agent.virtualAccounts };
      return {
        kind: 'partial',
        virtualAccount: agent.virtualAccount,
        registered: agent.nodes.filter((n) => n.registrationStatus === 'registered').map((n) => n.hostname),
        unregistered: agent.nodes.filter((n) => n.registrationStatus !== 'registered').map((n) => n.hostname),
      };
    case 'registered': {
      const expires = agent.registrationExpires ? Date.parse(agent.registrationExpires) : NaN;
      if (!Number.isNaN(expires) && expires < agent.checkedAt.getTime()) return { kind: 'expired', virtualAccount: agent.virtualAccount, expires: agent.registrationExpires! };
      return { kind: 'registered', virtualAccount: agent.virtualAccount };
    }
    case 'deregistered':
    case 'evaluation':
      return { kind: 'not-registered' };
    default:
      return undefined;
  }
};

const authorizationNote = (agent: ObservedAgent): { note: string; action: string | null } | undefined => {
  const status = agent.authorizationStatus?.trim();
  if (!status || /^authori[sz]ed$/i.test(status)) return undefined;
  return { note: `; authorization: ${status}`, action: /expired/i.test(status) ? 'Renew Authorization of the cluster' : null };
};

/** The status the application's state alone gives, against smartlic's assignment. */
const fromApplication = (r: Reading, agent: ObservedAgent, basis: StatusBasis): Omit<ObservedStatus, 'source'> => {
  const assigned = basis.assignedVirtualAccount;
  switch (r.kind) {
    case 'multiple': {
      const byVa = agent.nodes.filter((n) => n.registrationStatus === 'registered').map((n) => `${n.hostname} to ${n.virtualAccount ?? '?'}`);
      return {
        status: 'Multiple Virtual Account Registered',
        description: `The nodes are registered to several virtual accounts (${r.virtualAccounts.join(', ')}): ${byVa.join(', ')}`,
        // The guide's NOTE: such clusters cannot be assigned/unassigned from HCM-F.
        recommendedAction: 'Use the Expressway application to register every node to the same virtual account, then refresh the status',
        virtualAccount: null,
      };
    }
    case 'partial':
      return {
        status: 'Partially Registered',
        description: `${r.registered.length} of ${r.registered.length + r.unregistered.length} nodes are registered${r.virtualAccount ? ` to virtual account ${r.virtualAccount}` : ''}; not registered: ${r.unregistered.join(', ')}`,
        recommendedAction: assigned
          ? 'Assign the cluster again to register every node, or register the remaining nodes on the Expressway application'
          : 'Register the remaining nodes on the Expressway application, or assign the cluster to a virtual account',
        virtualAccount: r.virtualAccount,
      };
    case 'registered': {
      const auth = authorizationNote(agent);
      const va = r.virtualAccount ?? 'an unknown virtual account';
      if (assigned !== null && r.virtualAccount === assigned) {
        return {
          status: basis.trigger === 'auto' ? 'Auto Registered' : 'Manually Registered',
          description: `Registered to virtual account ${va}${auth?.note ?? ''}`,
          recommendedAction: auth?.action ?? null,
          virtualAccount: r.virtualAccount,
        };
      }
      // Registered by hand on the application (or through another HCM-F): a manual registration.
      return {
        status: 'Manually Registered',
        description: assigned
          ? `Registered to virtual account ${va} outside smartlic, which assigned the cluster to ${assigned}${auth?.note ?? ''}`
          : `Registered to virtual account ${va} outside smartlic${auth?.note ?? ''}`,
        recommendedAction: assigned
          ? 'Unassign the cluster, then assign it to the virtual account it should use'
          : (auth?.action ?? 'Assign the cluster to this virtual account to manage its registration from smartlic'),
        virtualAccount: r.virtualAccount,
      };
    }
    case 'expired':
      return {
        status: 'Deregistered',
        description: `The registration${r.virtualAccount ? ` to virtual account ${r.virtualAccount}` : ''} expired on ${r.expires}`,
        recommendedAction: 'Assign the cluster again to register it with a new token',
        virtualAccount: null,
      };
    case 'not-registered': {
      if (!assigned) return { status: 'Deregistered', description: 'Not registered to any virtual account', recommendedAction: null, virtualAccount: null };
      // smartlic had registered it (an assignment or renewal that succeeded last): lost since.
      const wasRegistered = basis.lastJob?.status === 'Succeeded' && basis.lastJob.jobType !== 'Unassign Cluster';
      return {
        status: 'Deregistered',
        description: wasRegistered
          ? `The application reports the cluster is not registered: its registration to virtual account ${assigned} was removed or lost outside smartlic`
          : `The application reports the cluster is not registered (assigned to virtual account ${assigned})`,
        recommendedAction: 'Assign the cluster again to register it',
        virtualAccount: null,
      };
    }
  }
};

/**
 * A failed Assign or Unassign job keeps its status ("Manual Registration Failed", "Auto Registration Failed",
 * "Deregistration Failed") until the state the job aimed at is observed or another job runs.
 */
const standingFailure = (lastJob: StatusBasis['lastJob'], r: Reading): ClusterStatus | undefined => {
  if (!lastJob || lastJob.status !== 'Failed') return undefined;
  if (lastJob.jobType === 'Assign Cluster') {
    if (r.kind === 'registered' && r.virtualAccount !== null && r.virtualAccount === lastJob.virtualAccount) return undefined;
    return lastJob.trigger === 'auto' ? 'Auto Registration Failed' : 'Manual Registration Failed';
  }
  if (lastJob.jobType === 'Unassign Cluster') {
    if (r.kind === 'not-registered' || r.kind === 'expired') return undefined;
    return 'Deregistration Failed';
  }
  return undefined;
};

/**
 * The Cluster Summary status a smart agent state read gives (guide: "View Cluster Summary", prioritised list), or
 * null when the latest job's status stands: a job is still running (it reads the state itself), or the state was read
 * before the job finished (the job's outcome is newer), or it says nothing.
 *
 * - The agent registered to the VA smartlic assigned: Auto / Manually Registered as assigned. Registered elsewhere or
 *   without an assignment (made outside smartlic): Manually Registered to that VA.
 * - Not registered, or its registration expired: Deregistered (the guide: "clusters are not assigned to any virtual
 *   account"), saying whether it was lost or expired.
 * - Expressway nodes in different states: Partially Registered; nodes on several VAs: Multiple Virtual Account
 *   Registered, the highest status of the list.
 * - A failed Assign / Unassign job stands until its aim is observed, and the higher of the two statuses is shown.
 */
export const observedClusterStatus = (agent: ObservedAgent, basis: StatusBasis): ObservedStatus | null => {
  const job = basis.lastJob;
  if (job && ACTIVE_JOB.has(job.status)) return null;
  if (job?.completedAt && agent.checkedAt.getTime() <= job.completedAt.getTime()) return null;
  const reading = read(agent, basis.clusterType);
  if (!reading) return null;
  const observed = fromApplication(reading, agent, basis);
  const failure = standingFailure(job, reading);
  if (!failure) return { ...observed, source: 'application' };
  const status = prioritisedClusterStatus([failure, observed.status])!;
  return status === failure ? { ...observed, status, source: 'job' } : { ...observed, source: 'application' };
};
