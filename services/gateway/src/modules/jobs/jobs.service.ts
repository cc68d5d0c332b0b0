import { Injectable } from '@nestjs/common';
import { RegistrationCommands, ReportingCommands } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import type { JobListQuery } from './jobs.dto.js';

/** Filters only registration's cluster jobs support: a query using one of them is answered by registration. */
const CLUSTER_JOB_FILTERS = ['jobType', 'entityId', 'entityName', 'errorCode', 'correlationId', 'since'] as const;

/**
 * HCM-F's Jobs page: every service's jobs in one list (reporting's unified view, filtered by service, status and
 * entity type); the cluster-job filters (job type, cluster, error code, batch, since) are served by registration.
 */
@Injectable()
export class JobsService {
  constructor(private readonly commands: CommandClient) {}

  list(query: JobListQuery) {
    if (CLUSTER_JOB_FILTERS.some((k) => query[k] !== undefined)) {
      const { service: _service, entityType: _entityType, ...clusterQuery } = query;
      return this.commands.request(RegistrationCommands.listJobs, clusterQuery);
    }
    return this.commands.request(ReportingCommands.listJobs, { service: query.service, status: query.status, entityType: query.entityType, limit: query.limit, offset: query.offset });
  }

  get(id: string) {
    return this.commands.request(RegistrationCommands.getJob, { id });
  }
}
