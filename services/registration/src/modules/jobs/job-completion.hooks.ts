import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClusterJob } from './cluster-job.js';

export type JobCompletionHook = (m: EntityManager, job: ClusterJob, succeeded: boolean) => Promise<void>;

/**
 * What other features do when a job finishes, in the transaction that records it (auto-registration registers a
 * cluster to the new operational VA once its deregistration from the old one succeeded). Keeps the job engine free
 * of feature imports.
 */
@Injectable()
export class JobCompletionHooks {
  private readonly hooks: JobCompletionHook[] = [];

  register(hook: JobCompletionHook): void {
    this.hooks.push(hook);
  }

  async run(m: EntityManager, job: ClusterJob, succeeded: boolean): Promise<void> {
    for (const hook of this.hooks) await hook(m, job, succeeded);
  }
}
