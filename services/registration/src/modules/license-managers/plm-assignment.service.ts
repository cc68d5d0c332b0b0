import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { catalogueError, plmIneligibilityReason, PLM_MAX_CLUSTERS, SMARTLIC_ERROR_CODES, SmartlicException, type ClusterJobRef, type RegistrationJobType } from '#libs/contracts';
import { COMMAND_ERROR_CODES } from '#libs/messaging';
import type { ClusterFacts, RuleFailure } from '../assignment/assignment.rules.js';
import { ClusterFactsRepository } from '../assignment/cluster-facts.repository.js';
import { AutoRegistrationService } from '../auto-registration/auto-registration.service.js';
import { clusterJobParams, DESCRIPTIONS, isPlmJob, type ClusterJob } from '../jobs/cluster-job.js';
import { ClusterRegistrationRepository, type ClusterRegistration } from '../jobs/cluster-registration.repository.js';
import { JobRepository, statusInfoOf, type NewJob } from '../jobs/job.repository.js';
import { JobWorker } from '../jobs/job.worker.js';
import { RegistrationEventsWriter } from '../jobs/registration-events.js';
import type { LicenseManagerEntity } from './license-manager.entity.js';
import { LicenseManagementService } from './license-management.service.js';
import { LicenseManagerRepository } from './license-manager.repository.js';
import { PlmAssignmentRepository, type PlmClusterAssignment } from './plm-assignment.repository.js';

const ref = (j: ClusterJob): ClusterJobRef => ({ clusterId: j.entityId, jobId: j.id, status: j.status, errorCode: j.errorCode, statusInfo: j.statusInfo, recommendedAction: j.recommendedAction });

interface ClusterState {
  cluster: ClusterFacts;
  registration: ClusterRegistration | undefined;
  assignment: PlmClusterAssignment | undefined;
  customerLicenseManager: string | undefined;
  jobRunning: boolean;
}

/** Assign Cluster to PLM: an 11.x-or-earlier UC cluster of a customer assigned to this PLM, not on a VA, below capacity. */
const assignRule = (lm: string, s: ClusterState): RuleFailure | null => {
  const ineligible = plmIneligibilityReason(s.cluster.type, s.cluster.version);
  if (ineligible) return { code: SMARTLIC_ERROR_CODES.PLM_CLUSTER_NOT_ELIGIBLE, reason: ineligible };
  if (s.customerLicenseManager !== lm) return { code: SMARTLIC_ERROR_CODES.PLM_CUSTOMER_NOT_ASSIGNED, reason: `customer ${s.cluster.customerId}` };
  if (s.jobRunning) return { code: 'SLMCT1007', reason: 'a job is already running for the cluster' };
  if (s.registration?.virtualAccountId) return { code: 'SLMCT1007', reason: `assigned to virtual account ${s.registration.virtualAccount ?? s.registration.virtualAccountId}` };
  if (s.assignment) return { code: 'SLMCT1007', reason: s.assignment.licenseManagerId === lm ? 'already assigned to this License Manager' : `assigned to License Manager ${s.assignment.licenseManagerId}` };
  return null;
};

const unassignRule = (lm: string, s: ClusterState): RuleFailure | null => {
  if (s.assignment?.licenseManagerId !== lm) return { code: 'SLMCT1011', reason: 'not assigned to this License Manager' };
  if (s.jobRunning) return { code: 'SLMCT1007', reason: 'a job is already running for the cluster' };
  return null;
};

/**
 * PLM assignment (guide: License Management; 11.x clusters keep PAK-based licenses from PLM): a customer is assigned to
 * one License Manager, then each of its UC clusters as an "Assign Cluster to PLM" job in the cluster job model (the
 * job worker runs it; app-adapter force-adds the cluster at PLM). A cluster assigned to PLM is not eligible for smart
 * licensing until an "Unassign Cluster from PLM" job succeeds; then auto-registration may take it (if it is 12.5+).
 */
@Injectable()
export class PlmAssignmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly licenseManagers: LicenseManagerRepository,
    private readonly assignments: PlmAssignmentRepository,
    private readonly clusterFacts: ClusterFactsRepository,
    private readonly registrations: ClusterRegistrationRepository,
    private readonly jobs: JobRepository,
    private readonly events: RegistrationEventsWriter,
    private readonly worker: JobWorker,
    private readonly autoRegistration: AutoRegistrationService,
    private readonly audits: LicenseManagementService,
  ) {}

  async assignCustomer(id: string, customerId: string): Promise<{ id: string; customerId: string }> {
    await this.existing(id);
    await this.dataSource.transaction(async (m) => {
      if (!(await this.assignments.customerExists(m, customerId))) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Customer ${customerId} does not exist`, details: { field: 'customerId', customerId } });
      const current = await this.assignments.customerLicenseManager(m, customerId);
      if (current && current !== id) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.PLM_CUSTOMER_NOT_ASSIGNED, { customerId, reason: `the customer is assigned to License Manager ${current}` });
      await this.assignments.assignCustomer(m, customerId, id);
    });
    return { id, customerId };
  }

  async unassignCustomer(id: string, customerId: string): Promise<{ id: string; customerId: string }> {
    await this.existing(id);
    await this.dataSource.transaction(async (m) => {
      const current = await this.assignments.customerLicenseManager(m, customerId);
      if (current !== id) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Customer ${customerId} is not assigned to License Manager ${id}`, details: { customerId } });
      if ((await this.assignments.clustersOfCustomer(m, customerId)) > 0) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.LICENSE_MANAGER_IN_USE, { customerId, reason: 'clusters of the customer are assigned to the License Manager' });
      await this.assignments.unassignCustomer(m, customerId);
    });
    return { id, customerId };
  }

  assignClusters(id: string, clusterIds: string[]): Promise<{ licenseManagerId: string; jobs: ClusterJobRef[] }> {
    return this.batch('Assign Cluster to PLM', id, clusterIds);
  }

  unassignClusters(id: string, clusterIds: string[]): Promise<{ licenseManagerId: string; jobs: ClusterJobRef[] }> {
    return this.batch('Unassign Cluster from PLM', id, clusterIds);
  }

  /** A PLM job finished (in the transaction recording it): the assignment follows it. */
  async jobFinished(m: EntityManager, job: ClusterJob, succeeded: boolean): Promise<void> {
    if (!isPlmJob(job.jobType)) return;
    const clusterId = job.params.clusterId;
    if (job.params.plm) this.audits.auditSoon(job.params.plm.licenseManagerId);
    if (job.jobType === 'Assign Cluster to PLM') {
      // A failed force-add licenses nothing: the cluster is free again (its failed job says why).
      if (succeeded) await this.assignments.setStatus(m, clusterId, job.id, 'Assigned');
      else await this.assignments.removeCluster(m, clusterId, job.id);
      return;
    }
    if (!succeeded) {
      await this.assignments.setStatus(m, clusterId, job.id, 'Unassignment Failed');
      return;
    }
    await this.assignments.removeCluster(m, clusterId, job.id);
    // Unassigned from PLM: eligible for smart licensing again (e.g. upgraded to 12.5 meanwhile), auto-registration decides.
    await this.autoRegistration.enrol(m, { kind: 'some', clusterIds: [clusterId], customerIds: [] }, job.correlationId ?? job.id);
  }

  /**
   * Provisioning deleted clusters or customers (in the transaction applying it): those assigned to PLM are removed from
   * it by "Unassign Cluster from PLM" jobs (trigger auto), and a deleted customer leaves its License Manager.
   */
  async provisioningRemoved(m: EntityManager, clusterIds: string[], customerIds: string[], correlationId: string): Promise<void> {
    if (!clusterIds.length && !customerIds.length) return;
    const assigned = await this.assignments.assignedForRemoval(m, clusterIds, customerIds);
    for (const customerId of customerIds) await this.assignments.unassignCustomer(m, customerId);
    if (!assigned.length) return;
    const newJobs: NewJob[] = assigned.map((a) => {
      const facts = { id: a.clusterId, type: a.type, customerId: a.customerId };
      const publisher = a.nodes.find((n) => n.publisher) ?? a.nodes[0];
      const params = {
        ...clusterJobParams(facts, { id: null, smartAccountId: null, name: null }, { licenseMode: null, transport: null }),
        plm: { licenseManagerId: a.licenseManagerId, licenseManager: a.licenseManager, name: a.name, version: a.version, hostname: publisher?.hostname ?? a.name },
      };
      return {
        id: randomUUID(),
        jobType: 'Unassign Cluster from PLM' as const,
        entityType: 'Cluster',
        entityId: a.clusterId,
        entityName: a.name,
        trigger: 'auto' as const,
        params,
        status: 'Queued' as const,
        step: 'validate' as const,
        description: DESCRIPTIONS['Unassign Cluster from PLM'](params, a.name),
        statusInfo: null,
        errorCode: null,
        recommendedAction: null,
        correlationId,
      };
    });
    for (const j of newJobs) {
      await this.assignments.upsertCluster(m, { clusterId: j.entityId, licenseManagerId: j.params.plm!.licenseManagerId, customerId: j.params.customerId, status: 'Unassigning', lastJobId: j.id });
    }
    const jobs = await this.jobs.insert(m, newJobs);
    await this.events.write(m, jobs.map((j) => this.events.jobUpdated(j)));
    setImmediate(() => this.worker.wake());
  }

  private async batch(jobType: RegistrationJobType, id: string, clusterIds: string[]): Promise<{ licenseManagerId: string; jobs: ClusterJobRef[] }> {
    const lm = await this.existing(id);
    const ids = [...new Set(clusterIds)];
    const correlationId = randomUUID();
    const created = await this.dataSource.transaction(async (m) => {
      const clusters = await this.clusterFacts.lock(m, ids);
      const missing = ids.filter((c) => !clusters.has(c));
      if (missing.length) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Cluster(s) ${missing.join(', ')} do not exist`, details: { field: 'clusterIds', clusterIds: missing } });
      const assigned = await this.assignments.countForUpdate(m, id);
      const running = await this.jobs.activeFor(m, ids);
      const registrations = await this.registrations.getMany(m, ids);
      const plm = await this.assignments.clusters(m, ids);
      const customers = await this.assignments.customerLicenseManagers(m, [...new Set([...clusters.values()].map((c) => c.customerId))]);
      let accepted = 0;
      const newJobs: NewJob[] = [];
      for (const clusterId of ids) {
        const cluster = clusters.get(clusterId)!;
        const state: ClusterState = { cluster, registration: registrations.get(clusterId), assignment: plm.get(clusterId), customerLicenseManager: customers.get(cluster.customerId), jobRunning: running.has(clusterId) };
        let failure = jobType === 'Assign Cluster to PLM' ? assignRule(id, state) : unassignRule(id, state);
        // Cisco HCS license management: a PLM serves at most 1,000 UC clusters.
        if (!failure && jobType === 'Assign Cluster to PLM' && assigned + accepted >= PLM_MAX_CLUSTERS) failure = { code: SMARTLIC_ERROR_CODES.PLM_CAPACITY_REACHED, reason: `${assigned + accepted} clusters assigned` };
        const job = this.newJob(jobType, lm, cluster, correlationId, failure);
        newJobs.push(job);
        if (failure) continue;
        accepted++;
        await this.assignments.upsertCluster(m, {
          clusterId,
          licenseManagerId: id,
          customerId: cluster.customerId,
          status: jobType === 'Assign Cluster to PLM' ? 'Assigning' : 'Unassigning',
          lastJobId: job.id,
        });
      }
      const jobs = await this.jobs.insert(m, newJobs);
      await this.events.write(m, jobs.map((j) => this.events.jobUpdated(j)));
      return jobs;
    });
    if (created.some((j) => j.status === 'Queued')) this.worker.wake();
    return { licenseManagerId: id, jobs: created.map(ref) };
  }

  private newJob(jobType: RegistrationJobType, lm: LicenseManagerEntity, c: ClusterFacts, correlationId: string, failure: RuleFailure | null): NewJob {
    // PLM knows a cluster by its name and its publisher's hostname.
    const publisher = c.nodes.find((n) => n.publisher) ?? c.nodes[0];
    const params = {
      ...clusterJobParams(c, { id: null, smartAccountId: null, name: null }, { licenseMode: null, transport: null }),
      plm: { licenseManagerId: lm.id, licenseManager: lm.hostname, name: c.name, version: c.version, hostname: publisher?.hostname ?? c.name },
    };
    const error = failure ? catalogueError(failure.code, { clusterId: c.id, ...(failure.reason ? { reason: failure.reason } : {}) }) : null;
    return {
      id: randomUUID(),
      jobType,
      entityType: 'Cluster',
      entityId: c.id,
      entityName: c.name,
      trigger: 'manual',
      params,
      status: error ? 'Failed' : 'Queued',
      step: error ? 'done' : 'validate',
      description: DESCRIPTIONS[jobType](params, c.name),
      statusInfo: error ? statusInfoOf(error) + (failure?.reason ? ` (${failure.reason})` : '') : null,
      errorCode: error?.code ?? null,
      recommendedAction: error?.recommendedAction ?? null,
      correlationId,
      completedAt: error ? new Date() : null,
    };
  }

  private async existing(id: string): Promise<LicenseManagerEntity> {
    const lm = await this.licenseManagers.find(id);
    if (!lm) throw new SmartlicException({ code: SMARTLIC_ERROR_CODES.NOT_FOUND, message: `No License Manager ${id}`, details: { licenseManagerId: id } });
    return lm;
  }
}
