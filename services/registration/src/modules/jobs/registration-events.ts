import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobEvents, RegistrationEvents, type ClusterStatus } from '#libs/contracts';
import { enqueueEvents, outboxItem, type OutboxItem } from '#libs/messaging';
import type { ClusterJob } from './cluster-job.js';
import { ClusterRegistrationRepository } from './cluster-registration.repository.js';
import { jobView } from './job.repository.js';


/** The events of job and assignment changes, written to the outbox in the caller's transaction. */
@Injectable()
export class RegistrationEventsWriter {
  constructor(private readonly registrations: ClusterRegistrationRepository) {}

  jobUpdated(job: ClusterJob): OutboxItem {
    return outboxItem(JobEvents.updated, jobView(job), { correlationId: job.correlationId ?? job.id });
  }

  statusChanged(job: ClusterJob, change: { smartAccountId: string | null; virtualAccount: string | null; status: ClusterStatus | null }): OutboxItem {
    return outboxItem(
      RegistrationEvents.clusterStatusChanged,
      {
        clusterId: job.params.clusterId,
        customerId: job.params.customerId,
        type: job.params.clusterType,
        smartAccountId: change.smartAccountId,
        virtualAccount: change.virtualAccount,
        status: change.status,
        jobId: job.id,
        errorCode: job.errorCode,
        statusInfo: job.statusInfo,
        recommendedAction: job.recommendedAction,
        changedAt: new Date().toISOString(),
      },
      { correlationId: job.correlationId ?? job.id },
    );
  }

  async vaAssignments(m: EntityManager, va: { id: string; smartAccountId: string; name: string }, correlationId?: string | null): Promise<OutboxItem> {
    const counts = await this.registrations.vaCounts(m, va.id);
    return outboxItem(RegistrationEvents.vaAssignmentsChanged, { smartAccountId: va.smartAccountId, virtualAccount: va.name, ...counts }, correlationId ? { correlationId } : {});
  }

  write(m: EntityManager, items: OutboxItem[]): Promise<void> {
    return enqueueEvents(m, items);
  }
}
