import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { catalogueError, JobEvents, SmartlicException, SyncEvents, type SmartlicError, type SyncJobView } from '#libs/contracts';
import { COMMAND_ERROR_CODES, enqueueEvents, outboxItem } from '#libs/messaging';
import { recordSyncDuration } from '#libs/observability';
import { PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { SyncConfig } from '../../config/sync.config.js';
import { SmartAccountConnections } from '../smart-accounts/smart-account-connections.js';
import { SmartAccountRepository } from '../smart-accounts/smart-account.repository.js';
import { CssmFetcher, type FetchedVirtualAccount } from './cssm-fetcher.js';
import { jobOf, SyncJobRepository, type SyncTrigger } from './sync-job.repository.js';
import { displayName, SyncedCopyRepository } from './synced-copy.repository.js';

/** Virtual accounts written per statement batch while the sync reads on. */
const WRITE_CHUNK = 50;

const asError = (error: unknown): SmartlicError =>
  error instanceof SmartlicException ? error.toJSON() : catalogueError('SLM1015', { reason: error instanceof Error ? error.message : String(error) });

/**
 * Smart Account Sync jobs: one per account at a time (also across replicas, by a unique index), run in the
 * background, recorded with HCM-F's job fields and published as `JobEvents.updated` at every state change. A job
 * writes nothing until CSSM has answered everything, then applies it in one transaction.
 */
@Injectable()
export class SyncJobService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  /** Accounts saved while their sync was running: synced again, with the new settings, right after it. */
  private readonly savedDuringSync = new Set<string>();
  private shuttingDown = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: SmartAccountRepository,
    private readonly connections: SmartAccountConnections,
    private readonly jobs: SyncJobRepository,
    private readonly fetcher: CssmFetcher,
    private readonly copy: SyncedCopyRepository,
    @Inject(SERVICE_CONFIG) private readonly config: SyncConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A job a stopped process left running can never finish: fail it so the account can sync again.
    await this.dataSource.transaction(async (m) => {
      const interrupted = await this.jobs.failInterrupted(m, catalogueError('SLM1015', { reason: 'the sync service stopped while the job was running' }));
      await enqueueEvents(m, interrupted.map((j) => outboxItem(JobEvents.updated, jobOf(j.view, j.correlationId), { correlationId: j.correlationId ?? j.view.id })));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const job of this.running.values()) job.abort.abort(new Error('the sync service is shutting down'));
    await Promise.all([...this.running.values()].map((j) => j.done));
  }

  /** Starts a sync of the account, or returns the job already running for it. */
  async start(smartAccountId: string, trigger: SyncTrigger, correlationId?: string): Promise<{ jobId: string }> {
    const started = await this.dataSource.transaction(async (m) => {
      const sa = await this.accounts.get(smartAccountId, m, true);
      if (!sa) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Smart account ${smartAccountId} does not exist` });
      const id = randomUUID();
      const job = await this.jobs.insertRunning(m, { id, smartAccountId, entityName: displayName(sa), trigger, correlationId: correlationId ?? id });
      if (!job) return { jobId: (await this.jobs.running(m, smartAccountId))!, fresh: false };
      await this.accounts.recordSyncStarted(m, smartAccountId);
      await enqueueEvents(m, [outboxItem(JobEvents.updated, jobOf(job, correlationId ?? id), { correlationId: correlationId ?? id })]);
      return { jobId: id, fresh: true };
    });
    if (started.fresh) this.launch(smartAccountId, started.jobId, correlationId ?? started.jobId);
    else if (trigger === 'save') this.savedDuringSync.add(smartAccountId);
    return { jobId: started.jobId };
  }

  /** Resolves when the account's running job (if any) has finished: for tests and graceful callers. */
  async idle(smartAccountId: string): Promise<void> {
    await this.running.get(smartAccountId)?.done;
  }

  private launch(smartAccountId: string, jobId: string, correlationId: string): void {
    const abort = new AbortController();
    const done = this.execute(smartAccountId, jobId, correlationId, abort.signal)
      .catch((error: unknown) => this.logger.error({ err: (error as Error).message, jobId }, 'sync job bookkeeping failed'))
      .finally(() => {
        this.running.delete(smartAccountId);
        if (this.savedDuringSync.delete(smartAccountId) && !this.shuttingDown) {
          this.start(smartAccountId, 'save', correlationId).catch((error: unknown) => this.logger.warn({ err: (error as Error).message, smartAccountId }, 'sync after save failed to start'));
        }
      });
    this.running.set(smartAccountId, { abort, done });
  }

  private async execute(smartAccountId: string, jobId: string, correlationId: string, signal: AbortSignal): Promise<void> {
    const t0 = performance.now();
    const cause = { correlationId, causationId: jobId };
    let outcome: { error?: SmartlicError } = {};
    try {
      const sa = await this.accounts.get(smartAccountId);
      if (!sa) return;
      const connection = this.connections.for(sa);
      // One transaction for the whole job: chunks are written while CSSM is still being read (memory stays bounded,
      // database time hides behind network time) and nothing is visible until everything succeeded.
      await this.dataSource.transaction(async (m) => {
        const at = new Date();
        const writer = await this.copy.open(m, sa, at, cause);
        const writeFailed = new AbortController();
        let writing: Promise<void> = Promise.resolve();
        let writeError: unknown;
        let pending: FetchedVirtualAccount[] = [];
        const flush = () => {
          const chunk = pending;
          pending = [];
          writing = writing.then(() => (writeError === undefined ? writer.write(chunk) : undefined)).catch((error: unknown) => {
            writeError ??= error;
            writeFailed.abort(error);
          });
        };
        const fetched = await this.fetcher
          .fetch(connection, this.config.SYNC_CONCURRENCY, AbortSignal.any([signal, writeFailed.signal]), (va) => {
            pending.push(va);
            if (pending.length >= WRITE_CHUNK) flush();
          })
          .catch((error: unknown) => ({ error }));
        const fetchMs = performance.now() - t0;
        flush();
        await writing;
        // A write that failed stopped the reads: its error is the job's.
        if (writeError !== undefined) throw writeError;
        if ('error' in fetched) throw fetched.error;
        const counts = await writer.finish(fetched.cssmCalls);
        await this.accounts.recordSyncSucceeded(m, smartAccountId, { name: fetched.account?.name || null, status: fetched.account?.status || null }, at);
        const finished = await this.jobs.finish(m, jobId, { counts, durationMs: performance.now() - t0 });
        if (finished) {
          await enqueueEvents(m, [
            outboxItem(JobEvents.updated, jobOf(finished.view, correlationId), cause),
            outboxItem(SyncEvents.smartAccountSynced, { smartAccountId, jobId, counts, completedAt: finished.view.completedAt! }, cause),
          ]);
        }
        recordSyncDuration((performance.now() - t0) / 1000, { outcome: 'success' });
        this.logger.info({ jobId, smartAccountId, fetchMs: Math.round(fetchMs), writeMs: Object.fromEntries(Object.entries(writer.writeMs).map(([k, v]) => [k, Math.round(v)])), ms: Math.round(performance.now() - t0) }, 'smart account sync succeeded');
      });
    } catch (error) {
      outcome = { error: signal.aborted ? catalogueError('SLM1015', { reason: 'the sync service stopped while the job was running' }) : asError(error) };
      this.logger.warn({ jobId, smartAccountId, code: outcome.error!.code, details: outcome.error!.details }, 'smart account sync failed');
      recordSyncDuration((performance.now() - t0) / 1000, { outcome: 'error' });
      await this.dataSource.transaction(async (m) => {
        await this.accounts.recordSyncFailed(m, smartAccountId, outcome.error!);
        const finished = await this.jobs.finish(m, jobId, { durationMs: performance.now() - t0, error: outcome.error });
        if (finished) await enqueueEvents(m, [outboxItem(JobEvents.updated, jobOf(finished.view, correlationId), cause)]);
      });
    }
  }

  get(id: string): Promise<SyncJobView | undefined> {
    return this.jobs.get(id);
  }

  async list(smartAccountId: string, limit: number, offset: number): Promise<{ total: number; items: SyncJobView[] }> {
    if (!(await this.accounts.get(smartAccountId))) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Smart account ${smartAccountId} does not exist`, details: { field: 'smartAccountId' } });
    return this.jobs.list(smartAccountId, limit, offset);
  }
}
