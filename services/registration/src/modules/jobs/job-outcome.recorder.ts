import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { prioritisedClusterStatus, type ClusterStatus, type SmartlicError } from '#libs/contracts';
import { isPlmJob, type AgentObservation, type ClusterJob } from './cluster-job.js';
import { ClusterRegistrationRepository } from './cluster-registration.repository.js';
import { JobCompletionHooks } from './job-completion.hooks.js';
import { JobRepository } from './job.repository.js';
import { RegistrationEventsWriter } from './registration-events.js';

const AGENT_STATUS: Partial<Record<AgentObservation, ClusterStatus>> = {
  'multiple-virtual-accounts': 'Multiple Virtual Account Registered',
  'partially-registered': 'Partially Registered',
};

/** The Cluster Summary status a finished job leaves (guide: "View Cluster Summary", prioritised list). */
export const statusAfter = (job: Pick<ClusterJob, 'jobType' | 'trigger'>, succeeded: boolean, agent: AgentObservation | undefined, previous: ClusterStatus | null): ClusterStatus | null => {
  const observed = agent ? AGENT_STATUS[agent] : undefined;
  switch (job.jobType) {
    case 'Assign Cluster':
      return succeeded
        ? job.trigger === 'auto' ? 'Auto Registered' : 'Manually Registered'
        : prioritisedClusterStatus([job.trigger === 'auto' ? 'Auto Registration Failed' : 'Manual Registration Failed', observed]);
    case 'Unassign Cluster':
      return succeeded ? 'Deregistered' : prioritisedClusterStatus(['Deregistration Failed', observed]);
    default:
      // Renewals change no assignment; a renewal reveals a multiple-VA registration, though.
      return prioritisedClusterStatus([previous, observed]);
  }
};

/** Finishes a job in one transaction: job row, cluster assignment and status, and their events. */
@Injectable()
export class JobOutcomeRecorder {
  constructor(
    private readonly jobs: JobRepository,
    private readonly registrations: ClusterRegistrationRepository,
    private readonly events: RegistrationEventsWriter,
    private readonly hooks: JobCompletionHooks,
  ) {}

  async finish(m: EntityManager, job: ClusterJob, owner: string, outcome: { succeeded: boolean; error: SmartlicError | null; agent?: AgentObservation }): Promise<ClusterJob | undefined> {
    const done = await this.jobs.finish(m, job.id, owner, outcome.succeeded ? 'Succeeded' : 'Failed', outcome.error, job.params.clusterId);
    if (!done) return undefined;
    const { job: finished, registration: current } = done;
    if (isPlmJob(job.jobType)) {
      // A PLM job leaves the smart-licensing status alone; the PLM assignment follows it in a completion hook.
      await this.events.write(m, [this.events.jobUpdated(finished)]);
      await this.hooks.run(m, finished, outcome.succeeded);
      return finished;
    }
    const status = statusAfter(job, outcome.succeeded, outcome.agent, current?.status ?? null);
    const items = [this.events.jobUpdated(finished)];
    const p = job.params;
    // A job that is no longer the cluster's latest (a newer one was started) leaves the status alone.
    const latest = !current?.lastJobId || current.lastJobId === job.id;
    if (job.jobType === 'Unassign Cluster' && outcome.succeeded) {
      await this.registrations.unassign(m, p.clusterId, 'Deregistered', job.id);
      items.push(this.events.statusChanged(finished, { smartAccountId: null, virtualAccount: null, status }));
      if (p.virtualAccountId && p.smartAccountId && p.virtualAccount) {
        items.push(await this.events.vaAssignments(m, { id: p.virtualAccountId, smartAccountId: p.smartAccountId, name: p.virtualAccount }, job.correlationId));
      }
      await this.events.write(m, items);
    } else if (latest) {
      items.push(this.events.statusChanged(finished, { smartAccountId: current?.smartAccountId ?? null, virtualAccount: current?.virtualAccount ?? null, status }));
      // Status and events in one statement (every job ends here, the hot path).
      await this.registrations.setStatus(m, p.clusterId, status, job.id, items);
    } else {
      await this.events.write(m, items);
    }
    await this.hooks.run(m, finished, outcome.succeeded);
    return finished;
  }
}
