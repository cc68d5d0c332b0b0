import { Injectable } from '@nestjs/common';
import { catalogueError, jmsTimeoutCode, type ErrorCode, type SmartAgentStatus, type SmartlicError } from '#libs/contracts';
import { CommandFailedError, isTransportError } from '#libs/messaging';
import type { AgentObservation, ClusterJob, ClusterJobContext, StepOutcome } from './cluster-job.js';
import { nextStep } from './cluster-job.js';
import { ClusterOperationsClient } from './cluster-operations.client.js';

type Ops = Pick<ClusterOperationsClient, keyof ClusterOperationsClient>;

/** Whether the smart agent is registered to the job's virtual account, elsewhere, partially, or not at all. */
export const observeAgent = (status: SmartAgentStatus, virtualAccount: string | null): { observation: AgentObservation; toTarget: boolean } => {
  switch (status.registrationStatus) {
    case 'registered': {
      const vas = status.virtualAccounts.length ? status.virtualAccounts : [status.virtualAccount];
      return { observation: 'registered', toTarget: virtualAccount !== null && vas.every((va) => va === virtualAccount) };
    }
    case 'partially-registered':
      return { observation: 'partially-registered', toTarget: false };
    case 'multiple-virtual-accounts':
      return { observation: 'multiple-virtual-accounts', toTarget: false };
    case 'deregistered':
    case 'evaluation':
      return { observation: 'deregistered', toTarget: false };
    default:
      return { observation: 'other', toTarget: false };
  }
};

/**
 * Expressway, one agent per node: a register cut short (app-adapter killed between nodes) left some nodes registered
 * to the job's VA and the others not. The resumed register names only those others; undefined when the state is not
 * that (nothing registered yet, or a node registered elsewhere: the usual register decides).
 */
export const nodesLeftToRegister = (status: SmartAgentStatus, virtualAccount: string | null): string[] | undefined => {
  if (status.registrationStatus !== 'partially-registered' || virtualAccount === null) return undefined;
  const registered = status.nodes.filter((n) => n.registrationStatus === 'registered');
  if (registered.length === 0 || registered.some((n) => n.virtualAccount !== virtualAccount)) return undefined;
  const left = status.nodes.filter((n) => n.registrationStatus !== 'registered').map((n) => n.hostname);
  return left.length ? left : undefined;
};

/** app-adapter does not know the cluster (yet), or not in the version provisioning announced. */
const NOT_YET_PROVISIONED = new Set(['CAA1003', 'CAA1045']);
export const notYetProvisioned = (error: SmartlicError): boolean => {
  const cause = (error.details as { cause?: { code?: string } } | undefined)?.cause;
  return NOT_YET_PROVISIONED.has(error.code) || (cause?.code !== undefined && NOT_YET_PROVISIONED.has(cause.code));
};

/** The application refuses new transport settings while registered (guide: CAA1041). */
const TRANSPORT_REFUSED_WHILE_REGISTERED = 'CAA1041';

const CAA_TIMEOUT_CODES = new Set<string>([jmsTimeoutCode('license-mode', 'cucm'), jmsTimeoutCode('license-mode-reset', 'cucm')]);

/**
 * license-mode's code for a cluster application without platform credentials. Validation refuses such a cluster
 * before the job (SLMCT1013 too); when the job itself finds them missing, it fails with the guide's cluster-operation
 * code SLM1008.
 */
const NO_PLATFORM_CREDENTIALS = 'SLMCT1013';

/** An expected failure keeps its catalogue code; a service that did not answer gives the guide's JMS-timeout code. */
const outcomeOf = (error: unknown, timeoutCode: ErrorCode, details: Record<string, unknown>): StepOutcome => {
  if (isTransportError(error)) return { kind: 'retry', error: catalogueError(timeoutCode, { ...details, subject: error.subject }) };
  if (error instanceof CommandFailedError) return { kind: 'failed', error: { ...error.error, details: { ...details, ...(error.error.details ?? {}) } } };
  // Anything else (our database, a bug): retry, reported as the generic registration failure if it persists.
  return { kind: 'retry', error: catalogueError('SLM1001', { ...details, reason: (error as Error).message }) };
};

/**
 * Runs one step of a cluster job. Every step is idempotent: the application's status is read before anything
 * that cannot be repeated (register), so a job resumed after a crash never registers a cluster twice.
 */
@Injectable()
export class ClusterJobRunner {
  /** Registration tokens of running jobs: secrets stay in memory, a resumed job asks sync again. */
  private readonly tokens = new Map<string, string>();
  /**
   * The agent's state app-adapter read right after register / deregister: the verify step that follows checks it
   * without another command. A resumed job has none and reads the status.
   */
  private readonly observed = new Map<string, SmartAgentStatus>();

  constructor(private readonly ops: ClusterOperationsClient) {}

  forget(jobId: string): void {
    this.tokens.delete(jobId);
    this.observed.delete(jobId);
  }

  /** The state observed by the previous step, else a live read. */
  private async statusFor(job: ClusterJob): Promise<SmartAgentStatus> {
    const observed = this.observed.get(job.id);
    this.observed.delete(job.id);
    return observed ?? this.ops.status(job.params.applicationType, job.params.clusterId);
  }

  private remember(jobId: string, status: SmartAgentStatus | undefined): void {
    if (status) this.observed.set(jobId, status);
  }

  /**
   * `checkpoint` persists the context before a call that must not be repeated blindly. An auto-registration job can
   * start before app-adapter has applied the same provisioning event (unknown cluster, old version): it waits for it.
   */
  async run(job: ClusterJob, checkpoint: (context: ClusterJobContext) => Promise<void>): Promise<StepOutcome> {
    const outcome = await this.runStep(job, checkpoint);
    if (job.trigger === 'auto' && outcome.kind === 'failed' && notYetProvisioned(outcome.error)) return { kind: 'retry', error: outcome.error };
    return outcome;
  }

  private async runStep(job: ClusterJob, checkpoint: (context: ClusterJobContext) => Promise<void>): Promise<StepOutcome> {
    const p = job.params;
    const ops: Ops = this.ops;
    const type = p.applicationType;
    const details = { clusterId: p.clusterId, step: job.step };
    const next = (context?: ClusterJobContext): StepOutcome => ({ kind: 'next', step: nextStep(job.jobType, job.step), context });
    const fail = (code: ErrorCode, extra: Record<string, unknown> = {}, agentStatus?: AgentObservation): StepOutcome => ({ kind: 'failed', error: catalogueError(code, { ...details, ...extra }), agentStatus });
    try {
      switch (job.step) {
        case 'validate':
          return next();
        case 'license-mode': {
          // The guide's license mode change (COP file on the publisher) applies to Unified CM, Unity Connection and
          // Emergency Responder; Expressway has no HCS/Enterprise license mode.
          if (type === 'expressway') return next();
          if (!p.licenseMode) return fail('SLM1014');
          try {
            const result = await ops.setClusterLicenseMode(p.clusterId, type, p.licenseMode);
            return next({ ...job.context, licenseModeChanged: result.changed });
          } catch (error) {
            // license-mode got no answer from app-adapter (SLMCT1005/SLMCT1019): as retryable as our own timeout.
            if (error instanceof CommandFailedError && CAA_TIMEOUT_CODES.has(error.error.code)) return { kind: 'retry', error: { ...error.error, details: { ...details, ...(error.error.details ?? {}) } } };
            if (error instanceof CommandFailedError && error.error.code === NO_PLATFORM_CREDENTIALS) {
              return fail('SLM1008', { cause: { code: error.error.code, message: error.error.message, details: error.error.details } });
            }
            return outcomeOf(error, jmsTimeoutCode('license-mode', 'license-mode'), details);
          }
        }
        case 'transport': {
          // A cluster not registered yet (the usual case) takes one call: the transport settings. The application
          // refuses them while registered (the guide's CAA1041), and only then is its state read to decide: already
          // registered to this VA (skip to verify), elsewhere (re-register with force), to several VAs (fail).
          const transport = p.transport ?? { mode: 'Direct' as const };
          try {
            await ops.setTransport(type, p.clusterId, transport);
            return next();
          } catch (error) {
            if (!(error instanceof CommandFailedError && error.error.code === TRANSPORT_REFUSED_WHILE_REGISTERED)) return outcomeOf(error, jmsTimeoutCode('transport', type), details);
          }
          let status: SmartAgentStatus;
          try {
            status = await ops.status(type, p.clusterId);
          } catch (error) {
            return outcomeOf(error, jmsTimeoutCode('register', type), details);
          }
          const agent = observeAgent(status, p.virtualAccount);
          if (agent.observation === 'multiple-virtual-accounts') return fail('SLMCT1007', { reason: 'registered to several virtual accounts: use the Expressway application' }, 'multiple-virtual-accounts');
          if (agent.toTarget) return { kind: 'next', step: 'verify', context: { ...job.context, alreadyRegistered: true } };
          // Transport settings cannot change while registered: a cluster registered elsewhere is re-registered with force.
          if (agent.observation === 'registered' || agent.observation === 'partially-registered') return next({ ...job.context, force: true });
          // Deregistered since the refusal: the settings go through now.
          try {
            await ops.setTransport(type, p.clusterId, transport);
          } catch (error) {
            return outcomeOf(error, jmsTimeoutCode('transport', type), details);
          }
          return next();
        }
        case 'token': {
          try {
            this.tokens.set(job.id, await ops.registrationToken(p.smartAccountId ?? '', p.virtualAccount ?? ''));
          } catch (error) {
            if (isTransportError(error)) return { kind: 'retry', error: catalogueError('SLM1010', { ...details, subject: error.subject }) };
            return outcomeOf(error, 'SLM1010', details);
          }
          return next();
        }
        case 'register': {
          try {
            let onlyNodes: string[] | undefined;
            if (job.context.registerAttempted) {
              // A register may have been sent before a crash: never send a second one for the same registration.
              const status = await ops.status(type, p.clusterId);
              const agent = observeAgent(status, p.virtualAccount);
              if (agent.toTarget) return next({ ...job.context, alreadyRegistered: true });
              onlyNodes = nodesLeftToRegister(status, p.virtualAccount);
            }
            let token = this.tokens.get(job.id);
            if (!token) {
              try {
                token = await ops.registrationToken(p.smartAccountId ?? '', p.virtualAccount ?? '');
              } catch (error) {
                return outcomeOf(error, 'SLM1010', details);
              }
            }
            await checkpoint({ ...job.context, registerAttempted: true });
            try {
              this.remember(job.id, await ops.register(type, p.clusterId, token, Boolean(job.context.force), onlyNodes));
            } catch (error) {
              if (error instanceof CommandFailedError) ops.forgetToken(p.smartAccountId ?? '', p.virtualAccount ?? '');
              throw error;
            }
            this.tokens.delete(job.id);
            return next({ ...job.context, registerAttempted: true });
          } catch (error) {
            return outcomeOf(error, jmsTimeoutCode('register', type), details);
          }
        }
        case 'verify': {
          let status: SmartAgentStatus;
          try {
            status = await this.statusFor(job);
          } catch (error) {
            return outcomeOf(error, jmsTimeoutCode('register', type), details);
          }
          const agent = observeAgent(status, p.virtualAccount);
          if (agent.toTarget) return { kind: 'succeeded', agentStatus: 'registered' };
          return fail('SLM1001', { registrationStatus: status.registrationStatus, virtualAccount: status.virtualAccount }, agent.observation);
        }
        case 'deregister': {
          try {
            const agent = observeAgent(await ops.status(type, p.clusterId), p.virtualAccount);
            if (agent.observation === 'multiple-virtual-accounts') return fail('SLMCT1011', { reason: 'registered to several virtual accounts: use the Expressway application' }, 'multiple-virtual-accounts');
            if (agent.observation === 'deregistered') return next();
            this.remember(job.id, await ops.deregister(type, p.clusterId));
            return next();
          } catch (error) {
            return outcomeOf(error, jmsTimeoutCode('deregister', type), details);
          }
        }
        case 'verify-deregistered': {
          try {
            const status = await this.statusFor(job);
            const agent = observeAgent(status, p.virtualAccount);
            if (agent.observation === 'deregistered' || agent.observation === 'other') return { kind: 'succeeded', agentStatus: 'deregistered' };
            return fail('CAA1082', { registrationStatus: status.registrationStatus }, agent.observation);
          } catch (error) {
            return outcomeOf(error, jmsTimeoutCode('deregister', type), details);
          }
        }
        case 'renew-id':
        case 'renew-auth': {
          try {
            if (job.step === 'renew-id') await ops.renewId(type, p.clusterId);
            else await ops.renewAuth(type, p.clusterId);
            return { kind: 'succeeded' };
          } catch (error) {
            return outcomeOf(error, 'CAA1001', details);
          }
        }
        case 'plm-add':
        case 'plm-remove': {
          // Both are idempotent at PLM (a force-add replaces, a remove of an unknown cluster is done): a resumed job repeats them.
          if (!p.plm) return fail('SLM1001', { reason: 'the job names no License Manager' });
          try {
            if (job.step === 'plm-add') await ops.plmAddCluster(p.plm.licenseManagerId, { name: p.plm.name, type: p.clusterType, version: p.plm.version, hostname: p.plm.hostname });
            else await ops.plmRemoveCluster(p.plm.licenseManagerId, p.plm.name);
            return { kind: 'succeeded' };
          } catch (error) {
            return outcomeOf(error, 'SLM1001', { ...details, licenseManagerId: p.plm.licenseManagerId });
          }
        }
        case 'done':
          return { kind: 'succeeded' };
      }
    } catch (error) {
      return outcomeOf(error, 'SLM1001', details);
    }
  }
}

