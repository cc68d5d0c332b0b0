import { isEligibleForSmartLicensing, SMARTLIC_ERROR_CODES, unsupportedVersionReason, type AnyErrorCode, type ClusterType } from '#libs/contracts';
import type { ClusterRegistration } from '../jobs/cluster-registration.repository.js';

/** What the assignment rules need to know about a cluster of the inventory. */
export interface ClusterFacts {
  id: string;
  name: string;
  customerId: string;
  type: ClusterType;
  version: string;
  licensing: 'smart' | 'pak';
  nodes: { hostname: string; address: string; publisher: boolean }[];
  hasAdminCredentials: boolean;
  hasPlatformCredentials: boolean;
  proxy: { host: string; port: number } | null;
  customerProxy: { host: string; port: number } | null;
  /** The License Manager the cluster is assigned to (PLM), if any. */
  licenseManagerId: string | null;
}

export interface RuleFailure {
  code: AnyErrorCode;
  reason?: string;
}

const isExpressway = (type: ClusterType) => type === 'expressway-c' || type === 'expressway-e';

/** The cluster itself can be registered (guide: SLMCT1006, 1008, 1012, 1013, 1014, 1015). */
export const clusterRuleFailure = (c: ClusterFacts): RuleFailure | null => {
  // Licensed through PLM until unassigned from it (guide: "Unassign the UC clusters from PLM before you upgrade").
  if (c.licenseManagerId) return { code: SMARTLIC_ERROR_CODES.CLUSTER_ASSIGNED_TO_PLM, reason: `assigned to License Manager ${c.licenseManagerId}` };
  const unsupported = unsupportedVersionReason(c.type, c.version);
  if (unsupported) return { code: 'SLMCT1006', reason: unsupported };
  if (!isEligibleForSmartLicensing(c.type, c.version, c.licensing)) return { code: 'SLMCT1015', reason: 'Expressway is not in smart licensing mode' };
  if (c.nodes.length === 0) return { code: 'SLMCT1008' };
  if (!c.nodes.some((n) => n.publisher)) return { code: 'SLMCT1012' };
  if (!c.hasAdminCredentials) return { code: 'SLMCT1014' };
  // The license-mode change runs on the publisher's platform (OS) interface; Expressway has none.
  if (!isExpressway(c.type) && !c.hasPlatformCredentials) return { code: 'SLMCT1013' };
  return null;
};

/**
 * Assigned, but assigning again is a retry: its registration failed, or was lost or expired since (the application
 * reports it is not registered).
 */
const RETRYABLE = new Set(['Manual Registration Failed', 'Auto Registration Failed', 'Deregistered']);

/** The status the Cluster Summary shows: the smart agent's state read after the latest job, else that job's. */
const shownStatus = (r: ClusterRegistration | undefined) => r?.observed?.status ?? r?.status ?? null;

/**
 * Nodes registered to several virtual accounts (guide's NOTE: "you cannot assign/unassign clusters using the HCM-F
 * application. Use the Expressway application"): the last read of the smart agent says so, or, never read, a job did.
 */
const multipleVirtualAccounts = (r: ClusterRegistration | undefined): RuleFailure['reason'] | undefined => {
  const several = r?.observed?.registrationStatus ? r.observed.registrationStatus === 'multiple-virtual-accounts' : r?.status === 'Multiple Virtual Account Registered';
  if (!several) return undefined;
  const vas = r?.observed?.virtualAccounts.length ? ` (${r.observed.virtualAccounts.join(', ')})` : '';
  return `registered to several virtual accounts${vas}: use the Expressway application`;
};

/**
 * Assign Cluster rules: the cluster can be registered, it is not registered to several VAs, and it is not already
 * assigned (a failed or lost registration to the same virtual account may be assigned again; a cluster whose VA
 * was removed in CSSM may be reassigned straight away).
 */
export const assignRuleFailure = (c: ClusterFacts, r: ClusterRegistration | undefined, virtualAccountId: string, jobRunning: boolean): RuleFailure | null => {
  const cluster = clusterRuleFailure(c);
  if (cluster) return cluster;
  if (jobRunning) return { code: 'SLMCT1007', reason: 'a job is already running for the cluster' };
  const several = multipleVirtualAccounts(r);
  if (several) return { code: 'SLMCT1007', reason: several };
  const status = shownStatus(r);
  if (r?.virtualAccountId && !r.virtualAccountRemoved && !(r.virtualAccountId === virtualAccountId && status !== null && RETRYABLE.has(status))) {
    return { code: 'SLMCT1007', reason: r.virtualAccountId === virtualAccountId ? 'already assigned to this virtual account' : `assigned to virtual account ${r.virtualAccount ?? r.virtualAccountId}` };
  }
  return null;
};

/**
 * Unassign Cluster rules: the cluster is assigned to this virtual account (live, or removed in CSSM since), or
 * registered to it outside smartlic (the Cluster Summary shows it there), and not to several virtual accounts.
 */
export const unassignRuleFailure = (r: ClusterRegistration | undefined, virtualAccountId: string, jobRunning: boolean): RuleFailure | null => {
  const shownVa = r?.virtualAccountId ?? r?.observed?.virtualAccountId ?? null;
  if (shownVa !== virtualAccountId) return { code: 'SLMCT1011', reason: shownVa ? `assigned to virtual account ${r?.virtualAccount ?? shownVa}` : undefined };
  if (jobRunning) return { code: 'SLMCT1007', reason: 'a job is already running for the cluster' };
  const several = multipleVirtualAccounts(r);
  if (several) return { code: 'SLMCT1011', reason: several };
  return null;
};

/** Renew ID / Renew Authorization: only a cluster assigned to a virtual account. */
export const renewRuleFailure = (r: ClusterRegistration | undefined, jobRunning: boolean): RuleFailure | null => {
  if (!r?.virtualAccountId) return { code: 'SLMCT1011', reason: 'the cluster is not assigned to a virtual account' };
  if (jobRunning) return { code: 'SLMCT1007', reason: 'a job is already running for the cluster' };
  return null;
};
