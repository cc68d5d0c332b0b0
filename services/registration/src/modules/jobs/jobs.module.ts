import { Module } from '@nestjs/common';
import { ClusterJobRunner } from './cluster-job.runner.js';
import { ClusterOperationsClient } from './cluster-operations.client.js';
import { ClusterRegistrationRepository } from './cluster-registration.repository.js';
import { JobCompletionHooks } from './job-completion.hooks.js';
import { JobOutcomeRecorder } from './job-outcome.recorder.js';
import { JobRepository } from './job.repository.js';
import { JobWorker } from './job.worker.js';
import { JobsHandler } from './jobs.handler.js';
import { RegistrationEventsWriter } from './registration-events.js';

const providers = [ClusterJobRunner, ClusterOperationsClient, ClusterRegistrationRepository, JobCompletionHooks, JobOutcomeRecorder, JobRepository, JobWorker, RegistrationEventsWriter];

/** Cluster jobs: persisted, resumable state machines (reused by auto-registration). */
@Module({ controllers: [JobsHandler], providers, exports: providers })
export class JobsModule {}
