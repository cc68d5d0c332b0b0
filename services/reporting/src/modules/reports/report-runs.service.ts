import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { DataSource, type EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { JobEvents, SMARTLIC_ERROR_CODES, SmartlicException, type Job, type ReportRun, type ReportType } from '#libs/contracts';
import { COMMAND_ERROR_CODES, enqueueEvent } from '#libs/messaging';
import { PINO_LOGGER } from '#libs/service-kit';
import { ChunkWriter } from './chunk.writer.js';
import { REPORT_FILES, ReportGenerator, reportFileName } from './report-generator.js';
import { ReportStoreRepository } from './report-store.repository.js';

const { REPORT_GENERATION_FAILED, REPORT_NOT_READY } = SMARTLIC_ERROR_CODES;

const jobOf = (run: ReportRun, description: string): Job => ({
  id: run.id,
  service: 'reporting',
  jobType: 'Report Generation',
  entityType: 'Report',
  entityId: run.id,
  entityName: run.fileName,
  status: run.status,
  description,
  statusInfo: run.statusInfo,
  errorCode: run.errorCode,
  recommendedAction: run.errorCode ? 'Check the reporting service logs and database connectivity, then request the report again.' : null,
  initiatedAt: run.requestedAt,
  completedAt: run.completedAt,
  correlationId: run.id,
});

/**
 * Reports as jobs: a request stores a Queued run and answers at once; the run is generated in the background, its
 * content stored in chunks, and every state change published as a job (JobEvents.updated). Runs a crash
 * interrupted are generated again at start.
 */
@Injectable()
export class ReportRunsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private queue: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ReportStoreRepository,
    private readonly generator: ReportGenerator,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.store.unfinished().then((runs) => runs.forEach((r) => this.schedule(r.id, r.type)), (error: Error) => this.logger.error({ err: error.message }, 'could not resume report runs'));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.queue.catch(() => undefined);
  }

  async request(type: ReportType, description = `Generate ${REPORT_FILES[type].stem} (${type})`): Promise<ReportRun> {
    const id = randomUUID();
    const run = await this.dataSource.transaction(async (m) => {
      const created = await this.store.create(m, { id, type, fileName: reportFileName(type, new Date()), contentType: REPORT_FILES[type].contentType });
      await this.publish(m, created, description);
      return created;
    });
    this.schedule(run.id, type);
    return run;
  }

  /** Generates now (delivery runs wait for their reports) and returns the finished run. */
  async generateNow(type: ReportType, description: string): Promise<ReportRun> {
    const run = await this.dataSource.transaction(async (m) => {
      const created = await this.store.create(m, { id: randomUUID(), type, fileName: reportFileName(type, new Date()), contentType: REPORT_FILES[type].contentType });
      await this.publish(m, created, description);
      return created;
    });
    return this.generate(run.id, type);
  }

  async get(id: string): Promise<ReportRun> {
    const run = await this.store.get(id);
    if (!run) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Report ${id} does not exist` });
    return run;
  }

  list(limit: number, offset: number) {
    return this.store.list(limit, offset);
  }

  async chunk(id: string, seq: number): Promise<{ seq: number; data: string; last: boolean }> {
    const run = await this.get(id);
    if (run.status !== 'Succeeded' || run.chunks === null) {
      throw new SmartlicException({
        code: REPORT_NOT_READY,
        message: `Report ${id} is ${run.status}; its content can be downloaded once it has Succeeded`,
        recommendedAction: run.status === 'Failed' ? 'Request the report again.' : 'Poll the report until its status is Succeeded.',
        details: { status: run.status },
      });
    }
    if (seq >= Math.max(run.chunks, 1)) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Report ${id} has ${run.chunks} chunk(s); chunk ${seq} does not exist`, details: { field: 'seq' } });
    const data = run.chunks === 0 ? Buffer.alloc(0) : await this.store.chunk(id, seq);
    return { seq, data: (data ?? Buffer.alloc(0)).toString('base64'), last: seq >= run.chunks - 1 };
  }

  /** The content of a finished run as a stream of chunks (SFTP delivery). */
  async *content(id: string): AsyncGenerator<Buffer> {
    const run = await this.get(id);
    for (let seq = 0; seq < (run.chunks ?? 0); seq++) {
      const data = await this.store.chunk(id, seq);
      if (data) yield data;
    }
  }

  private schedule(id: string, type: ReportType): void {
    // One generation at a time per instance: reports are big reads; the queue keeps memory and database load flat.
    this.queue = this.queue.then(() => (this.stopping ? undefined : this.generate(id, type).catch((error: Error) => this.logger.error({ reportId: id, err: error.message }, 'report run could not be recorded'))));
  }

  private async generate(id: string, type: ReportType): Promise<ReportRun> {
    const description = `Generate ${REPORT_FILES[type].stem} (${type})`;
    await this.dataSource.transaction(async (m) => this.publish(m, await this.store.update(m, id, { status: 'In Progress' }), description));
    await this.store.clearChunks(id);
    const writer = new ChunkWriter((seq, data) => this.store.appendChunk(id, seq, data));
    try {
      await this.generator.write(type, writer);
      writer.end();
      await finished(writer);
      return await this.dataSource.transaction(async (m) => {
        const done = await this.store.update(m, id, { status: 'Succeeded', bytes: writer.bytes, chunks: writer.chunks });
        await this.publish(m, done, description);
        return done;
      });
    } catch (error) {
      writer.destroy();
      const message = (error as Error).message;
      this.logger.error({ reportId: id, type, err: message }, 'report generation failed');
      return this.dataSource.transaction(async (m) => {
        const failed = await this.store.update(m, id, { status: 'Failed', errorCode: REPORT_GENERATION_FAILED, statusInfo: `${REPORT_GENERATION_FAILED}: ${message}` });
        await this.publish(m, failed, description);
        return failed;
      });
    }
  }

  private async publish(m: EntityManager, run: ReportRun, description: string): Promise<void> {
    await enqueueEvent(m, JobEvents.updated, jobOf(run, description), { correlationId: run.id });
  }
}
