import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { applicationTypeOf, catalogueError, SMARTLIC_ERROR_CODES, type ClusterStatus, type SmartAccountUpserted } from '#libs/contracts';
import { clusterRuleFailure, type ClusterFacts } from '../assignment/assignment.rules.js';
import { clusterJobParams, DESCRIPTIONS, type ClusterJob } from '../jobs/cluster-job.js';
import { ClusterRegistrationRepository } from '../jobs/cluster-registration.repository.js';
import { JobRepository, statusInfoOf, type NewJob } from '../jobs/job.repository.js';
import { JobWorker } from '../jobs/job.worker.js';
import { RegistrationEventsWriter } from '../jobs/registration-events.js';
import { resolveTransportSettings } from '../jobs/transport-settings.js';
import { AutoRegistrationRepository, type AutoRegistrationTarget, type EnrolmentScope } from './auto-registration.repository.js';

/**
 * Version too low, Expressway not in smart licensing, or licensed through PLM: such a cluster is not eligible and
 * auto-registration leaves it alone (until it is unassigned from PLM).
 */
const NOT_ELIGIBLE = new Set<string>(['SLMCT1006', 'SLMCT1015', SMARTLIC_ERROR_CODES.CLUSTER_ASSIGNED_TO_PLM]);

/**
 * Jobs are claimed in creation order and app-adapter bounds the calls per application type: alternating the types
 * keeps every type's bound busy instead of running one type after another.
 */
export const interleaveByApplicationType = <T extends { type: ClusterFacts['type'] }>(items: T[]): T[] => {
  const byType = new Map<string, T[]>();
  for (const item of items) {
    const type = applicationTypeOf(item.type);
    const queue = byType.get(type);
    if (queue) queue.push(item);
    else byType.set(type, [item]);
  }
  const queues = [...byType.values()];
  const out: T[] = [];
  for (let i = 0; out.length < items.length; i++) for (const q of queues) if (i < q.length) out.push(q[i]);
  return out;
};

/** What decides how smartlic reaches CSSM: a change of it (a corrected setting) retries the failed clusters. */
const settingsFingerprint = (sa: SmartAccountUpserted): string => JSON.stringify([sa.transportMode, sa.proxy, sa.satellite]);

/**
 * Auto-registration (guide: "Auto-registration of Clusters Using Direct or Proxy Mode", "Autoregistration of Clusters
 * Using Satellite Mode", Table 6). Every eligible cluster of a known customer that nobody assigned or unassigned by
 * hand since auto-registration was enabled is registered to the operational VA by an Assign Cluster job with trigger
 * `auto` (license mode HCS first). Enrolment runs inside the caller's transaction (the event that triggers it), so an
 * event processed twice or concurrently never creates a second job: clusters are locked and checked for running jobs.
 */
@Injectable()
export class AutoRegistrationService {
  constructor(
    private readonly repository: AutoRegistrationRepository,
    private readonly jobs: JobRepository,
    private readonly registrations: ClusterRegistrationRepository,
    private readonly events: RegistrationEventsWriter,
    private readonly worker: JobWorker,
  ) {}

  /**
   * A smart account was configured or changed (sync's smart-account.upserted; the projection is written by the caller):
   * enabling (again) registers every eligible cluster; a new operational VA first deregisters the clusters
   * auto-registered to the old one (they are registered to the new one as each deregistration succeeds); a corrected
   * connection setting retries the failed ones; unchanged VAs and settings start no job.
   */
  async smartAccountChanged(m: EntityManager, sa: SmartAccountUpserted, event: { occurredAt: string; correlationId: string }): Promise<number> {
    const correlationId = event.correlationId;
    const prior = await this.repository.stored(m, sa.id);
    const before = prior?.operationalLicenses;
    const after = sa.operationalLicenses;
    const wasOn = Boolean(before?.autoRegistration);
    const isOn = after.autoRegistration;
    const fingerprint = settingsFingerprint(sa);
    const since = isOn ? (wasOn && prior?.autoRegistrationSince ? prior.autoRegistrationSince : new Date()) : null;
    await this.repository.saveOperationalLicenses(m, sa.id, after, since, fingerprint, event.occurredAt);
    if (!isOn) return 0;
    let created = 0;
    const oldVa = wasOn ? before?.operationalVirtualAccount : null;
    if (oldVa && oldVa !== after.operationalVirtualAccount) {
      const old = await this.repository.virtualAccountNamed(m, sa.id, oldVa);
      if (old) created += await this.deregisterFrom(m, old, correlationId);
    }
    const changed = !wasOn || oldVa !== after.operationalVirtualAccount || prior?.settingsFingerprint !== fingerprint;
    if (changed) created += await this.enrol(m, { kind: 'all' }, correlationId);
    return created;
  }

  /** Registers the eligible clusters of `scope` that auto-registration should handle; the number of jobs created. */
  /** `traceFor` names the trace each cluster's job joins (the provisioning event that concerned it). */
  async enrol(m: EntityManager, scope: EnrolmentScope, correlationId: string, traceFor?: (c: { id: string; customerId: string }) => Record<string, string> | undefined): Promise<number> {
    const target = await this.repository.target(m);
    if (!target?.virtualAccount) return 0;
    const candidates = interleaveByApplicationType(await this.repository.candidates(m, scope, target.since));
    const va = target.virtualAccount;
    const newJobs: NewJob[] = [];
    const started: { clusterId: string; jobId: string; status: ClusterStatus | null }[] = [];
    for (const c of candidates) {
      const failure = clusterRuleFailure(c);
      if (failure && NOT_ELIGIBLE.has(failure.code)) continue;
      const params = clusterJobParams(c, va, {
        // Auto-registration puts UC applications in HCS license mode first (publishers in Enterprise mode reboot).
        licenseMode: 'HCS',
        transport: resolveTransportSettings({ clusterType: c.type, clusterProxy: c.proxy, customerProxy: c.customerProxy, satelliteRegistrationUrl: va.satelliteRegistrationUrl }),
      });
      const jobId = randomUUID();
      const error = failure ? catalogueError(failure.code, { clusterId: c.id, ...(failure.reason ? { reason: failure.reason } : {}) }) : null;
      newJobs.push({
        id: jobId,
        jobType: 'Assign Cluster',
        entityType: 'Cluster',
        entityId: c.id,
        entityName: c.name,
        trigger: 'auto',
        params,
        status: error ? 'Failed' : 'Queued',
        step: error ? 'done' : 'validate',
        description: DESCRIPTIONS['Assign Cluster'](params, c.name),
        statusInfo: error ? statusInfoOf(error) + (failure?.reason ? ` (${failure.reason})` : '') : null,
        errorCode: error?.code ?? null,
        recommendedAction: error?.recommendedAction ?? null,
        correlationId,
        completedAt: error ? new Date() : null,
        traceContext: traceFor?.({ id: c.id, customerId: c.customerId }),
      });
      started.push({ clusterId: c.id, jobId, status: error ? 'Auto Registration Failed' : 'Auto Registration InProgress' });
    }
    if (!newJobs.length) return 0;
    const jobs = await this.jobs.insert(m, newJobs);
    await this.registrations.assign(m, started.filter((i) => i.status !== 'Auto Registration Failed'), va, 'auto');
    await this.repository.leaveFailed(m, started.filter((i) => i.status === 'Auto Registration Failed'));
    const items = jobs.map((j) => this.events.jobUpdated(j));
    for (const j of jobs) {
      if (j.status === 'Failed') items.push(this.events.statusChanged(j, { smartAccountId: null, virtualAccount: null, status: 'Auto Registration Failed' }));
    }
    items.push(await this.events.vaAssignments(m, va, correlationId));
    await this.events.write(m, items);
    if (jobs.some((j) => j.status === 'Queued')) setImmediate(() => this.worker.wake());
    return jobs.length;
  }

  /**
   * An auto job finished: a failed registration leaves the VA (kept as Auto Registration Failed with its code, retried
   * by the next trigger); a deregistration from the old operational VA that succeeded moves the cluster to the new one.
   */
  async jobFinished(m: EntityManager, job: ClusterJob, succeeded: boolean): Promise<void> {
    if (job.trigger !== 'auto') return;
    const p = job.params;
    if (job.jobType === 'Assign Cluster' && !succeeded) {
      if ((await this.repository.leaveFailedJob(m, p.clusterId, job.id)) && p.virtualAccountId && p.smartAccountId && p.virtualAccount) {
        await this.events.write(m, [await this.events.vaAssignments(m, { id: p.virtualAccountId, smartAccountId: p.smartAccountId, name: p.virtualAccount }, job.correlationId)]);
      }
      return;
    }
    if (job.jobType !== 'Unassign Cluster' || !succeeded) return;
    await this.enrol(m, { kind: 'some', clusterIds: [job.params.clusterId], customerIds: [] }, job.correlationId ?? job.id);
  }

  /**
   * Provisioning: a new cluster, one whose registration facts changed (upgraded to an eligible version, credentials,
   * addresses, proxy), and the clusters of a new customer or of one whose proxy changed (guide: "Autoregistration is
   * automatically triggered when").
   */
  async enrolProvisioned(m: EntityManager, clusterIds: string[], customerIds: string[], correlationId: string, traceFor?: (c: { id: string; customerId: string }) => Record<string, string> | undefined): Promise<number> {
    return this.enrol(m, { kind: 'some', clusterIds, customerIds }, correlationId, traceFor);
  }

  async target(m: EntityManager): Promise<AutoRegistrationTarget | undefined> {
    return this.repository.target(m);
  }

  private async deregisterFrom(m: EntityManager, va: { id: string; smartAccountId: string; name: string }, correlationId: string): Promise<number> {
    const clusters = await this.repository.autoRegisteredTo(m, va.id);
    if (!clusters.length) return 0;
    const newJobs: NewJob[] = clusters.map((c) => {
      const params = clusterJobParams({ id: c.clusterId, type: c.type, customerId: c.customerId }, va, { licenseMode: null, transport: null });
      return {
        id: randomUUID(),
        jobType: 'Unassign Cluster',
        entityType: 'Cluster',
        entityId: c.clusterId,
        entityName: c.name,
        trigger: 'auto',
        params,
        status: 'Queued',
        step: 'validate',
        description: DESCRIPTIONS['Unassign Cluster'](params, c.name),
        statusInfo: null,
        errorCode: null,
        recommendedAction: null,
        correlationId,
        completedAt: null,
      };
    });
    const jobs = await this.jobs.insert(m, newJobs);
    await this.registrations.startJobs(m, jobs.map((j) => ({ clusterId: j.entityId, jobId: j.id, status: 'Auto Deregistration InProgress' as const })));
    await this.events.write(m, jobs.map((j) => this.events.jobUpdated(j)));
    setImmediate(() => this.worker.wake());
    return jobs.length;
  }
}
