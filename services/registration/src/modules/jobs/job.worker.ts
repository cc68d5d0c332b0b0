import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { withSpan } from '#libs/observability';
import { PeriodicTask, PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { RegistrationConfig } from '../../config/registration.config.js';
import type { ClusterJob, StepOutcome } from './cluster-job.js';
import { ClusterJobRunner } from './cluster-job.runner.js';
import { JobOutcomeRecorder } from './job-outcome.recorder.js';
import { JobRepository } from './job.repository.js';
import { RegistrationEventsWriter } from './registration-events.js';

/**
 * Runs cluster jobs: claims due jobs with FOR UPDATE SKIP LOCKED under a lease (heart-beaten while they run),
 * at most REGISTRATION_JOB_CONCURRENCY at once, persisting each step. A replica that crashes leaves its leases
 * to expire; any replica then resumes those jobs at their last step.
 */
@Injectable()
export class JobWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly owner = randomUUID();
  private readonly inFlight = new Map<string, Promise<void>>();
  private running = false;
  private loop?: Promise<void>;
  private heartbeat?: PeriodicTask;
  private wakeUp?: () => void;
  private backlog = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobRepository,
    private readonly runner: ClusterJobRunner,
    private readonly recorder: JobOutcomeRecorder,
    private readonly events: RegistrationEventsWriter,
    @Inject(SERVICE_CONFIG) private readonly config: RegistrationConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
    const lease = this.config.REGISTRATION_JOB_LEASE_MS;
    this.heartbeat = new PeriodicTask({
      name: 'job lease heartbeat',
      everyMs: Math.max(100, Math.floor(lease / 3)),
      run: async () => void (await this.jobs.heartbeat(this.owner, [...this.inFlight.keys()], lease)),
      logger: this.logger,
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake();
    await this.heartbeat?.stop();
    await this.loop;
    await Promise.allSettled(this.inFlight.values());
  }

  /** New jobs were created: look for due jobs now rather than at the next poll. */
  wake(): void {
    this.backlog = true;
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.config.REGISTRATION_JOB_CONCURRENCY - this.inFlight.size;
      let claimed = 0;
      if (free > 0 && this.backlog) {
        try {
          claimed = await this.claim(free);
          this.backlog = claimed === free;
        } catch (error) {
          this.logger.warn({ err: (error as Error).message }, 'claiming jobs failed');
        }
      }
      if (this.running && !(free > 0 && claimed === free)) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.backlog = true;
        this.wakeUp = undefined;
        resolve();
      }, this.config.REGISTRATION_JOB_POLL_MS);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async claim(limit: number): Promise<number> {
    const claimed = await this.dataSource.transaction(async (m) => {
      const rows = await this.jobs.claimDue(m, this.owner, limit, this.config.REGISTRATION_JOB_LEASE_MS);
      await this.events.write(m, rows.filter((r) => r.wasQueued).map((r) => this.events.jobUpdated(r.job)));
      return rows;
    });
    for (const { job } of claimed) {
      const task = this.execute(job)
        .catch((error: Error) => this.logger.error({ err: error.message, jobId: job.id }, 'job execution failed; its lease will expire and it will resume'))
        .finally(() => {
          this.inFlight.delete(job.id);
          if (this.backlog) this.wake();
        });
      this.inFlight.set(job.id, task);
    }
    return claimed.length;
  }

  private async execute(initial: ClusterJob): Promise<void> {
    let job = initial;
    const lease = this.config.REGISTRATION_JOB_LEASE_MS;
    for (;;) {
      // Each step runs in the trace of the action that created the job, so one trace reaches the UC application.
      const current = job;
      const outcome: StepOutcome = await withSpan(
        `${current.jobType} ${current.step}`,
        { parent: propagation.extract(ROOT_CONTEXT, current.traceContext ?? {}), attributes: { 'smartlic.job.id': current.id, 'smartlic.job.step': current.step, 'smartlic.cluster.id': current.entityId } },
        () =>
          this.runner.run(current, async (context) => {
            if (!(await this.jobs.checkpoint(current.id, this.owner, current.step, context, lease))) throw new Error(`lease of job ${current.id} lost`);
            job = { ...job, context };
          }),
      );
      switch (outcome.kind) {
        case 'next': {
          // Passing a step is not persisted: every step is idempotent (it reads the application's state first), and
          // the one call that must not be repeated blindly, register, checkpoints itself before it is sent. A job
          // resumed after a crash redoes the steps since its last checkpoint; a database write per step would cost
          // more than the steps themselves.
          job = { ...job, step: outcome.step, context: outcome.context ?? job.context, attempt: 0 };
          continue;
        }
        case 'retry': {
          const attempt = job.attempt + 1;
          if (attempt < this.config.REGISTRATION_JOB_MAX_ATTEMPTS) {
            // The step retried is persisted with its attempt: the job resumes there, counting its retries.
            await this.jobs.retryLater(job.id, this.owner, job.step, job.context, attempt, this.config.REGISTRATION_JOB_RETRY_MS * 2 ** (attempt - 1), outcome.error);
            return;
          }
          await this.complete(job, { succeeded: false, error: outcome.error });
          return;
        }
        case 'succeeded':
          await this.complete(job, { succeeded: true, error: null, agent: outcome.agentStatus });
          return;
        case 'failed':
          await this.complete(job, { succeeded: false, error: outcome.error, agent: outcome.agentStatus });
          return;
      }
    }
  }

  private async complete(job: ClusterJob, outcome: Parameters<JobOutcomeRecorder['finish']>[3]): Promise<void> {
    this.runner.forget(job.id);
    await this.dataSource.transaction((m) => this.recorder.finish(m, job, this.owner, outcome));
  }
}
