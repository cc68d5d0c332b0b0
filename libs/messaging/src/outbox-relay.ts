import type { Span } from '@opentelemetry/api';
import type { DataSource } from 'typeorm';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import type { EventData, EventDefinition, Subjects } from '#libs/contracts';
import { prepared, queryPrepared, type OutboxMessage } from '#libs/persistence';
import { JetStreamPublisher } from './jetstream-publisher.js';
import { endPublishSpan, startPublishSpan } from './trace-headers.js';

type OutboxRow = Pick<OutboxMessage, 'id' | 'subject' | 'headers'> & {
  /** The envelope as stored (JSON text: published as is, without a parse and re-serialisation). */
  payload: string;
};

export interface OutboxRelayOptions {
  batchSize?: number;
  /** Pause after a pass that found nothing, when no row was written in this process meanwhile (see outboxWritten). */
  idleDelayMs?: number;
  /** Pause after a pass that found less than a full batch: rows written meanwhile go out together, in one pass. */
  busyDelayMs?: number;
  /** How long a pass waits for JetStream's acks; rows not acked by then stay unpublished and go out again. */
  ackTimeoutMs?: number;
}

/** Told of the data of an event the relay has just published for the first time. */
export type PublishedListener<E extends EventDefinition> = (data: EventData<E>) => void;

// Every pass of every relay: prepared once per connection.
const NEXT_ROWS = prepared(
  'outbox.next-rows',
  'SELECT id, subject, payload::text AS payload, headers FROM outbox WHERE published_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED',
);
const MARK_PUBLISHED = prepared('outbox.mark-published', 'UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])');

const relays = new Set<OutboxRelay>();

/**
 * Rows were just written to an outbox in this process (libs/messaging's outbox functions call it): its relays pass
 * busyDelayMs later, once the writing transaction has committed, rather than at their next idle poll. A row committed
 * later than that is still found by the idle poll.
 */
/** How long after rows were announced a relay keeps looking for them (their transaction may commit late under load). */
const SETTLE_MS = 5_000;
const SETTLE_POLL_MS = 50;

export const outboxWritten = (): void => {
  for (const relay of relays) relay.soon();
};

/**
 * Publishes committed outbox rows to JetStream in batches, Nats-Msg-Id = row id, then marks them published in one
 * UPDATE. A crash between publish and mark re-publishes the batch; JetStream's duplicate window drops the copies
 * and consumers' inbox tables catch anything older.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private readonly busyDelayMs: number;
  private readonly ackTimeoutMs: number;
  /** Rows were written since the last pass began. */
  private written = false;
  /** When this process last wrote rows: written before their commit, so a pass may still miss them (see run). */
  private lastWrittenAt = 0;
  private soonTimer?: NodeJS.Timeout;
  /** Made at the first pass; its subscription ends with the connection (a final pass may follow stop()). */
  private publisher?: JetStreamPublisher;
  /** By contract subject (see onPublished). */
  private readonly listeners = new Map<string, Set<(data: unknown) => void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.idleDelayMs = options.idleDelayMs ?? 500;
    this.busyDelayMs = options.busyDelayMs ?? 10;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    relays.add(this);
    this.loop = this.run();
  }

  /**
   * Calls `listener` with the data of every event of `event` this relay publishes, once per event: not for a copy
   * JetStream dropped as a duplicate (a row re-published after a crash between publish and mark). A service hooks
   * its own bookkeeping here (job metrics: see JobMetricsModule); the relay itself knows no event. Returns the
   * unsubscribe function.
   */
  onPublished<E extends EventDefinition>(event: E, listener: PublishedListener<E>): () => void {
    const set = this.listeners.get(event.subject) ?? new Set();
    this.listeners.set(event.subject, set);
    const entry = listener as (data: unknown) => void;
    set.add(entry);
    return () => void set.delete(entry);
  }

  /** See outboxWritten. */
  soon(): void {
    this.written = true;
    this.lastWrittenAt = Date.now();
    if (this.wakeUp && !this.soonTimer) {
      this.soonTimer = setTimeout(() => {
        this.soonTimer = undefined;
        this.wake();
      }, this.busyDelayMs);
    }
  }

  /** Publish now rather than at the next poll (called after a commit that wrote events). */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    relays.delete(this);
    clearTimeout(this.soonTimer);
    this.soonTimer = undefined;
    this.wake();
    await this.loop;
  }

  /** One pass; returns how many rows were published. Exposed for tests and for draining at shutdown. */
  async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await queryPrepared<OutboxRow>(manager, NEXT_ROWS, [this.batchSize]);
      if (rows.length === 0) return 0;
      this.publisher ??= new JetStreamPublisher(this.nc);
      const spans: (Span | undefined)[] = [];
      const results = await this.publisher.publishAll(
        rows.map((row) => {
          const publish = startPublishSpan(row.subject, row.id, row.headers);
          spans.push(publish.span);
          const headers = natsHeaders();
          for (const [k, v] of Object.entries(publish.headers)) headers.set(k, v);
          headers.set('Nats-Msg-Id', row.id);
          return { subject: this.subjects.qualify(row.subject), payload: row.payload, headers };
        }),
        this.ackTimeoutMs,
      );
      results.forEach((result, i) => endPublishSpan(spans[i], result));
      const published = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
      const failed = rows.filter((_, i) => results[i].status === 'rejected');
      if (published.length > 0) await queryPrepared(manager, MARK_PUBLISHED, [published]);
      rows.forEach((row, i) => {
        const result = results[i];
        if (result.status === 'fulfilled' && !result.value.duplicate) this.notify(row);
      });
      if (failed.length > 0) {
        const reason = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as Error;
        await manager.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])', [failed.map((r) => r.id), reason.message]);
        this.logger.warn({ failed: failed.length, err: reason.message }, 'outbox publish failed; will retry');
      }
      return published.length;
    });
  }

  private notify(row: OutboxRow): void {
    const listeners = this.listeners.get(row.subject);
    if (!listeners?.size) return;
    const { data } = JSON.parse(row.payload) as { data: unknown };
    for (const listener of listeners) {
      try {
        listener(data);
      } catch (error) {
        // A listener's failure must not undo a publish that happened: the row is already marked.
        this.logger.warn({ err: (error as Error).message, subject: row.subject }, 'outbox published-event listener failed');
      }
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      this.written = false;
      try {
        published = await this.publishBatch();
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'outbox relay pass failed');
      }
      if (published < this.batchSize && this.running) {
        await new Promise<void>((resolve) => {
          // A pass costs a transaction whatever it carries: while events trickle in, collect them for a few ms.
          // Rows are announced inside their transaction, before it commits: a pass may run between the two and
          // find nothing. For a short while after an announcement, look again soon rather than sleep the idle delay.
          const settling = Date.now() - this.lastWrittenAt < SETTLE_MS;
          const delay = this.written ? this.busyDelayMs : published > 0 ? this.busyDelayMs : settling ? Math.min(this.idleDelayMs, SETTLE_POLL_MS) : this.idleDelayMs;
          const timer = setTimeout(resolve, delay);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
      }
    }
  }
}
