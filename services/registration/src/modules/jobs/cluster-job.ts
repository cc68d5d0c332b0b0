import { applicationTypeOf, type ApplicationType, type ClusterType, type JobStatus, type JobTrigger, type LicenseMode, type RegistrationJobType, type SmartlicError } from '#libs/contracts';

/** Transport settings the job puts on the application's smart agent before registering. */
export interface TransportSettings {
  mode: 'Direct' | 'Proxy' | 'Satellite';
  proxy?: { host: string; port: number };
  satelliteUrl?: string;
}

/** What a cluster job works on, fixed when the job is created. */
export interface ClusterJobParams {
  clusterId: string;
  clusterType: ClusterType;
  applicationType: ApplicationType;
  customerId: string;
  virtualAccountId: string | null;
  smartAccountId: string | null;
  virtualAccount: string | null;
  licenseMode: LicenseMode | null;
  transport: TransportSettings | null;
  /**
   * PLM jobs only: the License Manager (id and hostname) and the cluster as PLM registers it: its name, version and
   * publisher's hostname (HCM-F force-adds it).
   */
  plm?: { licenseManagerId: string; licenseManager: string; name: string; version: string; hostname: string } | null;
}

/** The parameters of a job on `cluster` towards (or away from) the virtual account `va`. */
export const clusterJobParams = (
  cluster: { id: string; type: ClusterType; customerId: string },
  va: { id: string | null; smartAccountId: string | null; name: string | null },
  settings: { licenseMode: LicenseMode | null; transport: TransportSettings | null },
): ClusterJobParams => ({
  clusterId: cluster.id,
  clusterType: cluster.type,
  applicationType: applicationTypeOf(cluster.type),
  customerId: cluster.customerId,
  virtualAccountId: va.id,
  smartAccountId: va.smartAccountId,
  virtualAccount: va.name,
  licenseMode: settings.licenseMode,
  transport: settings.transport,
});

/** What the steps learnt so far; persisted with the step so a resumed job continues where it stopped. */
export interface ClusterJobContext {
  /** The application already had the target registration: register is skipped. */
  alreadyRegistered?: boolean;
  /** Registered elsewhere (e.g. offline): register with force. */
  force?: boolean;
  /** A register call was sent: a resumed job reads the status before sending another. */
  registerAttempted?: boolean;
  licenseModeChanged?: boolean;
}

export const JOB_STEPS = ['validate', 'license-mode', 'transport', 'token', 'register', 'verify', 'deregister', 'verify-deregistered', 'renew-id', 'renew-auth', 'plm-add', 'plm-remove', 'done'] as const;
export type JobStep = (typeof JOB_STEPS)[number];

/** The steps of each job type, in order (ARCHITECTURE.md, main flow 2). */
export const STEPS_OF: Record<RegistrationJobType, readonly JobStep[]> = {
  'Assign Cluster': ['validate', 'license-mode', 'transport', 'token', 'register', 'verify'],
  'Unassign Cluster': ['validate', 'deregister', 'verify-deregistered'],
  'Renew ID': ['validate', 'renew-id'],
  'Renew Authorization': ['validate', 'renew-auth'],
  'Assign Cluster to PLM': ['validate', 'plm-add'],
  'Unassign Cluster from PLM': ['validate', 'plm-remove'],
};

/** The PLM jobs: they change the cluster's PLM assignment, never its smart-licensing registration. */
export const isPlmJob = (jobType: RegistrationJobType): boolean => jobType === 'Assign Cluster to PLM' || jobType === 'Unassign Cluster from PLM';

export const nextStep = (jobType: RegistrationJobType, step: JobStep): JobStep => {
  const steps = STEPS_OF[jobType];
  const i = steps.indexOf(step);
  return i < 0 || i === steps.length - 1 ? 'done' : steps[i + 1];
};

export interface ClusterJob {
  id: string;
  jobType: RegistrationJobType;
  entityType: string;
  entityId: string;
  entityName: string;
  trigger: JobTrigger;
  params: ClusterJobParams;
  status: JobStatus;
  step: JobStep;
  attempt: number;
  context: ClusterJobContext;
  description: string;
  statusInfo: string | null;
  errorCode: string | null;
  recommendedAction: string | null;
  correlationId: string | null;
  initiatedAt: Date;
  completedAt: Date | null;
  /** W3C trace context of the operator action or provisioning event that created the job (traceparent, tracestate). */
  traceContext?: Record<string, string> | null;
}

/**
 * What running one step gave: go on to another step (context changes persisted), finish, fail with a catalogue
 * error, or retry later because a service did not answer (the error is reported if attempts run out).
 */
export type StepOutcome =
  | { kind: 'next'; step: JobStep; context?: ClusterJobContext }
  | { kind: 'succeeded'; agentStatus?: AgentObservation }
  | { kind: 'failed'; error: SmartlicError; agentStatus?: AgentObservation }
  | { kind: 'retry'; error: SmartlicError };

/** The smart agent's state as the last status read showed it (Expressway can be partial or on several VAs). */
export type AgentObservation = 'registered' | 'partially-registered' | 'multiple-virtual-accounts' | 'deregistered' | 'other';

export const DESCRIPTIONS: Record<RegistrationJobType, (p: ClusterJobParams, clusterName: string) => string> = {
  'Assign Cluster': (p, n) => `Assign cluster ${n} to virtual account ${p.virtualAccount ?? ''}`,
  'Unassign Cluster': (p, n) => `Unassign cluster ${n} from virtual account ${p.virtualAccount ?? ''}`,
  'Renew ID': (_p, n) => `Renew the registration of cluster ${n}`,
  'Renew Authorization': (_p, n) => `Renew the authorization of cluster ${n}`,
  'Assign Cluster to PLM': (p, n) => `Assign cluster ${n} to License Manager ${p.plm?.licenseManager ?? ''}`,
  'Unassign Cluster from PLM': (p, n) => `Unassign cluster ${n} from License Manager ${p.plm?.licenseManager ?? ''}`,
};
