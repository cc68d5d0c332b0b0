import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import {
  applicationTypeOf,
  caaJmsTimeoutCode,
  catalogueError,
  SmartlicException,
  type ClusterFilter,
  type ClusterType,
  type StatusRefresh,
} from '#libs/contracts';
import { COMMAND_ERROR_CODES, CommandFailedError, isTransportError } from '#libs/messaging';
import { PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { RegistrationConfig } from '../../config/registration.config.js';
import { ClusterSummaryRepository } from '../cluster-summary/cluster-summary.repository.js';
import { JobRepository } from '../jobs/job.repository.js';
import { AgentStateService, observationOf } from './agent-state.service.js';
import { AgentStatusClient } from './agent-status.client.js';
import { StatusRefreshRepository } from './status-refresh.repository.js';

interface QueuedRead {
  refreshId: string;
  clusterId: string;
  type: ClusterType;
}

/** The catalogue error a failed status read is recorded with (never the upstream details: they are not shown). */
const failureOf = (error: unknown, type: ClusterType): { code: string; message: string } => {
  if (error instanceof CommandFailedError) return { code: error.error.code, message: error.error.message };
  // app-adapter did not answer: the guide has no JMS code for status reads ("Verify App specific adapter Service").
  const e = catalogueError(isTransportError(error) ? caaJmsTimeoutCode('status', applicationTypeOf(type)) : 'SLM1001');
  return { code: e.code, message: e.message };
};

/**
 * The status refresh: reads the smart agent state of the clusters asked for (one app-adapter status command each,
 * at most REGISTRATION_STATUS_REFRESH_CONCURRENCY at once per replica) and records each as an observation. A
 * refresh is answered as soon as it is queued; a cluster whose read fails is recorded with its code (on the
 * refresh and on the cluster's row) and the others go on. A cluster with a running job is skipped (the job reads the
 * state itself), as is one already queued in this replica.
 */
@Injectable()
export class StatusRefreshService implements OnApplicationShutdown {
  private readonly queue: QueuedRead[] = [];
  private readonly pending = new Set<string>();
  private readonly settled = new Map<string, { remaining: number; done: () => void; promise: Promise<void> }>();
  private inFlight = 0;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly summary: ClusterSummaryRepository,
    private readonly jobs: JobRepository,
    private readonly refreshes: StatusRefreshRepository,
    private readonly states: AgentStateService,
    private readonly status: AgentStatusClient,
    @Inject(SERVICE_CONFIG) private readonly config: RegistrationConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  /** One cluster, by id (any cluster of the inventory: an operator asked for it by name). */
  async refreshCluster(clusterId: string): Promise<StatusRefresh> {
    const cluster = await this.summary.get(clusterId);
    if (!cluster) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Cluster ${clusterId} does not exist`, details: { field: 'clusterId', clusterId } });
    return this.start('operator', { clusterId }, [{ id: cluster.id, type: cluster.type }]);
  }

  /** Every cluster the Cluster Summary's filters select. */
  async refreshSelection(filter: ClusterFilter, trigger: StatusRefresh['trigger']): Promise<StatusRefresh> {
    return this.start(trigger, filter, await this.summary.select(filter));
  }

  get(id: string): Promise<StatusRefresh | undefined> {
    return this.refreshes.get(id);
  }

  /** Resolves when every cluster this replica queued for the refresh was read or failed. */
  whenSettled(refreshId: string): Promise<void> {
    return this.settled.get(refreshId)?.promise ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    // Reads not started are dropped (the refresh stays incomplete; the next scheduled one reads them again).
    this.stopping = true;
    this.queue.length = 0;
    for (const s of this.settled.values()) s.done();
  }

  private async start(trigger: StatusRefresh['trigger'], filter: ClusterFilter | { clusterId: string }, clusters: { id: string; type: ClusterType }[]): Promise<StatusRefresh> {
    const running = await this.jobs.activeFor(this.dataSource.manager, clusters.map((c) => c.id));
    const skipped: StatusRefresh['skipped'] = [];
    const queued: { id: string; type: ClusterType }[] = [];
    for (const c of clusters) {
      if (running.has(c.id)) skipped.push({ clusterId: c.id, reason: 'a job is running on the cluster: it reads the smart agent state itself' });
      else if (this.pending.has(c.id)) skipped.push({ clusterId: c.id, reason: 'already queued for a status read' });
      else queued.push(c);
    }
    const id = randomUUID();
    const refresh = await this.refreshes.create({ id, trigger, filter, clusterIds: queued.map((c) => c.id), skipped });
    if (queued.length) {
      let done!: () => void;
      const promise = new Promise<void>((resolve) => (done = resolve));
      this.settled.set(id, { remaining: queued.length, done, promise });
      for (const c of queued) {
        this.pending.add(c.id);
        this.queue.push({ refreshId: id, clusterId: c.id, type: c.type });
      }
      this.logger.info({ refreshId: id, trigger, clusters: queued.length, skipped: skipped.length }, 'status refresh queued');
      this.pump();
    }
    return refresh;
  }

  private pump(): void {
    while (!this.stopping && this.inFlight < this.config.REGISTRATION_STATUS_REFRESH_CONCURRENCY && this.queue.length) {
      const read = this.queue.shift()!;
      this.inFlight++;
      void this.read(read).finally(() => {
        this.inFlight--;
        this.pending.delete(read.clusterId);
        const s = this.settled.get(read.refreshId);
        if (s && --s.remaining === 0) {
          this.settled.delete(read.refreshId);
          s.done();
        }
        this.pump();
      });
    }
  }

  private async read({ refreshId, clusterId, type }: QueuedRead): Promise<void> {
    let failure: { code: string; message: string } | null = null;
    try {
      const observation = observationOf(await this.status.read(applicationTypeOf(type), clusterId));
      if (observation) await this.states.record([observation]);
    } catch (error) {
      failure = failureOf(error, type);
      if (!(error instanceof CommandFailedError) && !isTransportError(error)) this.logger.error({ clusterId, err: (error as Error).message }, 'status refresh of a cluster failed');
      await this.states.recordRefreshError(clusterId, failure).catch((e: Error) => this.logger.warn({ clusterId, err: e.message }, 'could not record a status refresh failure'));
    }
    await this.refreshes
      .progress(refreshId, failure && { clusterId, ...failure })
      .catch((e: Error) => this.logger.warn({ refreshId, clusterId, err: e.message }, 'could not record status refresh progress'));
  }
}
