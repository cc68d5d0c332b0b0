import { Injectable, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JobEvents } from '#libs/contracts';
import { OutboxRelay } from '#libs/messaging';
import { recordJob } from '#libs/observability';

/**
 * smartlic_jobs_total{job_type,status}: every job status change the service publishes, counted when its outbox relay
 * publishes it (once: a re-published duplicate is not counted). Counted there rather than where the status changes
 * so that a rolled-back change is never counted.
 */
@Injectable()
export class JobMetrics implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(private readonly relay: OutboxRelay) {}

  onModuleInit(): void {
    this.unsubscribe = this.relay.onPublished(JobEvents.updated, (job) => recordJob(job));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}

/** Imported by the services that write job events (sync, registration, reporting). */
@Module({ providers: [JobMetrics] })
export class JobMetricsModule {}
