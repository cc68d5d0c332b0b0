import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  catalogueError,
  LicenseModeCommands,
  SmartlicException,
  type ClusterJobRef,
  type ClusterStatus,
  type JobTrigger,
  type LicenseMode,
  type RegistrationJobType,
} from '#libs/contracts';
import { COMMAND_ERROR_CODES, CommandClient, CommandFailedError, isTransportError } from '#libs/messaging';
import { clusterJobParams, DESCRIPTIONS, type ClusterJob } from '../jobs/cluster-job.js';
import { ClusterRegistrationRepository, type ClusterRegistration } from '../jobs/cluster-registration.repository.js';
import { JobRepository, statusInfoOf, type NewJob } from '../jobs/job.repository.js';
import { JobWorker } from '../jobs/job.worker.js';
import { RegistrationEventsWriter } from '../jobs/registration-events.js';
import { resolveTransportSettings } from '../jobs/transport-settings.js';
import { VirtualAccountRepository, type VirtualAccountRecord } from '../virtual-accounts/virtual-account.repository.js';
import { ClusterFactsRepository } from './cluster-facts.repository.js';
import { assignRuleFailure, renewRuleFailure, unassignRuleFailure, type ClusterFacts, type RuleFailure } from './assignment.rules.js';

/** The other virtual accounts the started clusters were assigned to (VAs removed in CSSM), once each. */
const leftVirtualAccounts = (started: { clusterId: string }[], registrations: Map<string, ClusterRegistration>, target: string): { id: string; smartAccountId: string; name: string }[] => {
  const left = new Map<string, { id: string; smartAccountId: string; name: string }>();
  for (const { clusterId } of started) {
    const r = registrations.get(clusterId);
    if (r?.virtualAccountId && r.virtualAccountId !== target && r.smartAccountId && r.virtualAccount) left.set(r.virtualAccountId, { id: r.virtualAccountId, smartAccountId: r.smartAccountId, name: r.virtualAccount });
  }
  return [...left.values()];
};

const ref = (j: ClusterJob): ClusterJobRef => ({ clusterId: j.entityId, jobId: j.id, status: j.status, errorCode: j.errorCode, statusInfo: j.statusInfo, recommendedAction: j.recommendedAction });

/**
 * Assign and unassign clusters to a virtual account, renew ID and authorization (guide: "Assign and Unassign a
 * Cluster to Virtual Account"). Each cluster gets its own job; a cluster that breaks a rule gets a failed job with
 * the guide's code and nothing else changes. The virtual account must exist and have a license mode.
 */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandClient,
    private readonly jobs: JobRepository,
    private readonly registrations: ClusterRegistrationRepository,
    private readonly accounts: VirtualAccountRepository,
    private readonly clusterFacts: ClusterFactsRepository,
    private readonly events: RegistrationEventsWriter,
    private readonly worker: JobWorker,
  ) {}

  async assign(virtualAccountId: string, clusterIds: string[], trigger: JobTrigger): Promise<{ virtualAccountId: string; jobs: ClusterJobRef[] }> {
    const va = await this.requireVirtualAccount(virtualAccountId);
    const mode = await this.licenseModeOf(va);
    return this.batch('Assign Cluster', va, clusterIds, trigger, mode, (c, r, running) => assignRuleFailure(c, r, va.id, running));
  }

  /** A VA removed in CSSM still lets its clusters go (the Cluster Summary tells the operator they need it). */
  async unassign(virtualAccountId: string, clusterIds: string[], trigger: JobTrigger): Promise<{ virtualAccountId: string; jobs: ClusterJobRef[] }> {
    const va = await this.requireVirtualAccount(virtualAccountId, { includeRemoved: true });
    return this.batch('Unassign Cluster', va, clusterIds, trigger, null, (_c, r, running) => unassignRuleFailure(r, va.id, running));
  }

  async renew(jobType: 'Renew ID' | 'Renew Authorization', clusterId: string): Promise<ClusterJobRef> {
    const registration = await this.registrations.get(this.dataSource.manager, clusterId);
    const va = registration?.virtualAccountId ? await this.accounts.find(this.dataSource.manager, registration.virtualAccountId, { includeRemoved: true }) : undefined;
    const target = va ?? { id: registration?.virtualAccountId ?? '', smartAccountId: registration?.smartAccountId ?? '', name: registration?.virtualAccount ?? '', satelliteRegistrationUrl: null };
    const result = await this.batch(jobType, target, [clusterId], 'manual', null, (_c, r, running) => renewRuleFailure(r, running));
    return result.jobs[0];
  }

  private async batch(
    jobType: RegistrationJobType,
    va: VirtualAccountRecord,
    clusterIds: string[],
    trigger: JobTrigger,
    mode: LicenseMode | null,
    rule: (c: ClusterFacts, r: ClusterRegistration | undefined, jobRunning: boolean) => RuleFailure | null,
  ): Promise<{ virtualAccountId: string; jobs: ClusterJobRef[] }> {
    const correlationId = randomUUID();
    const created = await this.dataSource.transaction(async (m) => {
      const clusters = await this.clusterFacts.lock(m, clusterIds);
      const missing = clusterIds.filter((id) => !clusters.has(id));
      if (missing.length) {
        throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Cluster(s) ${missing.join(', ')} do not exist`, details: { field: 'clusterIds', clusterIds: missing } });
      }
      const running = await this.jobs.activeFor(m, clusterIds);
      const registrations = await this.registrations.getMany(m, clusterIds);
      const newJobs: NewJob[] = [];
      const started: { clusterId: string; jobId: string; status: ClusterStatus | null }[] = [];
      for (const id of clusterIds) {
        const c = clusters.get(id)!;
        const failure = rule(c, registrations.get(id), running.has(id));
        const params = clusterJobParams(c, { id: va.id || null, smartAccountId: va.smartAccountId || null, name: va.name || null }, {
          licenseMode: mode,
          transport: jobType === 'Assign Cluster' ? resolveTransportSettings({ clusterType: c.type, clusterProxy: c.proxy, customerProxy: c.customerProxy, satelliteRegistrationUrl: va.satelliteRegistrationUrl }) : null,
        });
        const jobId = randomUUID();
        const error = failure ? catalogueError(failure.code, { clusterId: id, ...(failure.reason ? { reason: failure.reason } : {}) }) : null;
        newJobs.push({
          id: jobId,
          jobType,
          entityType: 'Cluster',
          entityId: id,
          entityName: c.name,
          trigger,
          params,
          status: error ? 'Failed' : 'Queued',
          step: error ? 'done' : 'validate',
          description: DESCRIPTIONS[jobType](params, c.name),
          statusInfo: error ? statusInfoOf(error) + (failure?.reason ? ` (${failure.reason})` : '') : null,
          errorCode: error?.code ?? null,
          recommendedAction: error?.recommendedAction ?? null,
          correlationId,
          completedAt: error ? new Date() : null,
        });
        if (!error) started.push({ clusterId: id, jobId, status: this.startStatus(jobType, trigger) });
      }
      const jobs = await this.jobs.insert(m, newJobs);
      const items = jobs.map((j) => this.events.jobUpdated(j));
      if (jobType === 'Assign Cluster' && started.length) {
        await this.registrations.assign(m, started, va, trigger);
        // Clusters reassigned from a VA removed in CSSM leave it: its counts change too. Counted in id order, the
        // order every transaction locks VA counts in, so two of them never wait for each other.
        const counted = [va, ...leftVirtualAccounts(started, registrations, va.id)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        for (const changed of counted) items.push(await this.events.vaAssignments(m, changed, correlationId));
      } else {
        await this.registrations.startJobs(m, started);
      }
      await this.events.write(m, items);
      return jobs;
    });
    if (created.some((j) => j.status === 'Queued')) this.worker.wake();
    return { virtualAccountId: va.id, jobs: created.map(ref) };
  }

  private startStatus(jobType: RegistrationJobType, trigger: JobTrigger): ClusterStatus | null {
    if (trigger !== 'auto') return null;
    if (jobType === 'Assign Cluster') return 'Auto Registration InProgress';
    if (jobType === 'Unassign Cluster') return 'Auto Deregistration InProgress';
    return null;
  }

  private async requireVirtualAccount(id: string, options: { includeRemoved?: boolean } = {}): Promise<VirtualAccountRecord> {
    const va = await this.accounts.find(this.dataSource.manager, id, options);
    if (!va) throw SmartlicException.fromCode('SLMCT1001', { field: 'virtualAccountId', virtualAccountId: id });
    return va;
  }

  /** The VA's license mode, required before assigning (guide: "A warning message is displayed asking to add the license mode"). */
  private async licenseModeOf(va: VirtualAccountRecord): Promise<LicenseMode> {
    let mode: LicenseMode | null;
    try {
      mode = (await this.commands.request(LicenseModeCommands.getVirtualAccount, { virtualAccountId: va.id })).mode;
    } catch (error) {
      if (isTransportError(error)) throw SmartlicException.fromCode('SLMCT1004', { virtualAccountId: va.id });
      if (error instanceof CommandFailedError) throw new SmartlicException(error.error);
      throw error;
    }
    if (!mode) throw SmartlicException.fromCode('SLM1014', { virtualAccountId: va.id, virtualAccount: va.name, warning: 'Set the license mode of the virtual account before assigning clusters' });
    return mode;
  }
}
