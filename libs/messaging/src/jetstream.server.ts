import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';
import { lastValueFrom, isObservable } from 'rxjs';
import { EventParser, type ConsumerDefinition, type EventDefinition } from '#libs/contracts';
import { SpanKind, trace, tracer, withSpan } from '#libs/observability';
import type { Logger } from 'pino';
import { AckKeeper } from './ack-keeper.js';
import { copyToDeadLetter, deadLetterMessage } from './dead-letter.js';
import { JetStreamPublisher } from './jetstream-publisher.js';
import { JetStreamBatchContext } from './jetstream-batch.context.js';
import { JetStreamContext } from './jetstream.context.js';
import { batchPattern } from './handler.decorators.js';
import { PermanentMessageError, WaitingMessageError } from './messaging.errors.js';
import { ensureConsumer } from './stream-provisioner.js';
import { natsServerVersion, type NatsHandles } from './nats-connection.js';
import { retryUntilReady } from './startup-retry.js';
import { extractTraceContext } from './trace-headers.js';
import { PullLoop } from './pull-loop.js';

export interface JetStreamServerOptions {
  handles: NatsHandles;
  /** The durable consumers this service runs. */
  consumers: readonly ConsumerDefinition[];
  /** Events the service understands; a message on any other subject of a consumer's filter is acked and skipped. */
  events: readonly EventDefinition[];
  logger: Logger;
  /** How far in the future an event's occurredAt may lie (publishers' clock skew); the contract's default when unset. */
  maxClockSkewMs?: number;
}

/**
 * Nest transport strategy for durable JetStream events: one pull consumer per ConsumerDefinition, explicit ack,
 * bounded concurrency, every message parsed by the contracts' one EventParser before any handler runs. Handlers are
 * `@EventPattern(<event type>)` methods; they receive the parsed envelope and a JetStreamContext.
 *
 * Outcomes: success → ack; a subject of the filter that no known event has (a newer publisher) → ack and skip;
 * PermanentMessageError or a message breaking the contract → term + copy to the dead-letter stream; any other error →
 * nak with the consumer's backoff, and on the consumer's last delivery → dead letter + term.
 *
 * Flow control: each consumer runs its own PullLoop (pull-loop.ts), at most N messages and `maxBytesInFlight` bytes
 * delivered and not yet acked, nak'd or terminated (see the note at the end of this file); every message held is kept
 * alive (`working()`) so a backlog of large messages drains without burning delivery attempts.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly loops: { messages: PullLoop; done: Promise<void> }[] = [];
  private readonly parser: EventParser;
  private readonly keeper = new AckKeeper();
  private readonly stopping = new AbortController();
  /** Handlers by event type, looked up once: Nest's lookup parses the pattern as JSON on every call. */
  private readonly handlers = new Map<string, MessageHandler | null>();
  private closing = false;
  /** Dead letters of a batch go out in bulk: a burst of bad messages must not hold the good ones behind it. */
  private deadLetters?: JetStreamPublisher;
  private readonly deadLettering = new Set<Promise<void>>();

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    this.parser = new EventParser(options.events, { maxClockSkewMs: options.maxClockSkewMs });
  }

  async listen(callback: () => void): Promise<void> {
    try {
      const { jsm, subjects, nc } = this.options.handles;
      this.deadLetters = new JetStreamPublisher(nc);
      const server = natsServerVersion(nc);
      if (server.belowProductionMinimum) this.options.logger.warn({ natsServer: server.version }, 'nats-server is older than 2.10, the production minimum (fine for development)');
      else this.options.logger.info({ natsServer: server.version }, 'nats-server');
      this.keeper.start();
      for (const def of this.options.consumers) {
        const { stream } = await retryUntilReady(`consumer ${def.durable}`, () => ensureConsumer(jsm, subjects, def), this.options.logger, { signal: this.stopping.signal });
        this.loops.push(this.startLoop(stream, def));
      }
      callback();
    } catch (error) {
      callback();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.stopping.abort();
    await Promise.all(this.loops.map((l) => l.messages.stop()));
    await Promise.all(this.loops.map((l) => l.done));
    await Promise.all(this.deadLettering);
    this.keeper.stop();
    this.deadLetters?.close();
  }

  on(): void {
    // No transport-level events to expose.
  }

  unwrap<T>(): T {
    return this.options.handles.nc as T;
  }

  /** The consumer's own pull loop: at most this many messages and `maxBytesInFlight` bytes delivered and not settled. */
  private pullLoop(stream: string, def: ConsumerDefinition, maxMessages: number): PullLoop {
    const { nc, inboxPrefix } = this.options.handles;
    return new PullLoop({ nc, stream, durable: def.durable, maxMessages, maxBytes: def.maxBytesInFlight, inboxPrefix, logger: this.options.logger }).start();
  }

  private startLoop(stream: string, def: ConsumerDefinition): { messages: PullLoop; done: Promise<void> } {
    if (def.batch) return this.startBatchLoop(stream, def, def.batch.maxMessages);
    const messages = this.pullLoop(stream, def, Math.max(def.concurrency * 2, 16));
    const inFlight = new Set<Promise<void>>();
    const done = (async () => {
      for await (const msg of messages) {
        this.keeper.hold(msg, def.ackWaitMs);
        const task = this.process(msg, def).finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size >= def.concurrency) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    })();
    return { messages, done };
  }

  /**
   * Opportunistic batching: whatever has arrived (up to maxMessages) is handled together, one batch at a time, so
   * a quiet stream still sees single-message latency and a burst is absorbed in few transactions.
   */
  private startBatchLoop(stream: string, def: ConsumerDefinition, maxMessages: number): { messages: PullLoop; done: Promise<void> } {
    // Up to two batches in flight (one in the handler, one read ahead), within maxBytesInFlight.
    const messages = this.pullLoop(stream, def, maxMessages * 2);
    const buffer: JsMsg[] = [];
    let bufferedBytes = 0;
    // A batch holds up to maxMessages, or a quarter of the bytes in flight (at least one message).
    const batchBytes = Math.max(1, Math.floor(def.maxBytesInFlight / 4));
    let wake: (() => void) | undefined;
    let ended = false;
    let drained: (() => void) | undefined;
    const reader = (async () => {
      for await (const msg of messages) {
        this.keeper.hold(msg, def.ackWaitMs);
        buffer.push(msg);
        bufferedBytes += msg.data.length;
        wake?.();
        // Backpressure besides the pull loop's: stop reading while four batches, or maxBytesInFlight, wait.
        if (buffer.length >= maxMessages * 4 || bufferedBytes >= def.maxBytesInFlight) await new Promise<void>((r) => (drained = r));
      }
      ended = true;
      wake?.();
    })();
    let handling: Promise<void> = Promise.resolve();
    const dispatcher = (async () => {
      for (;;) {
        if (buffer.length === 0) {
          if (ended) break;
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
          continue;
        }
        let take = 0;
        let takenBytes = 0;
        while (take < buffer.length && take < maxMessages && (take === 0 || takenBytes + buffer[take]!.data.length <= batchBytes)) takenBytes += buffer[take++]!.data.length;
        const batch = buffer.splice(0, take);
        bufferedBytes -= takenBytes;
        drained?.();
        drained = undefined;
        // Two stages: the next batch is parsed and validated while the previous one is in its handler (mostly
        // waiting on the database); handlers still run one batch at a time, in stream order.
        const valid = await this.validateBatch(batch, def);
        const previous = handling;
        handling = previous
          .then(() => this.handleBatch(valid, def))
          .catch((error: Error) => this.options.logger.error({ consumer: def.durable, err: error.message }, 'batch handling failed; its messages will be redelivered'));
        await previous;
      }
      await handling;
    })();
    return { messages, done: Promise.all([reader, dispatcher]).then(() => undefined) };
  }

  /** The messages of a batch that are events of this service's contracts, parsed; the others dead-lettered in bulk. */
  private async validateBatch(batch: JsMsg[], def: ConsumerDefinition): Promise<{ msg: JsMsg; envelope: unknown }[]> {
    const { subjects } = this.options.handles;
    const valid: { msg: JsMsg; envelope: unknown }[] = [];
    const invalid: { msg: JsMsg; reason: string }[] = [];
    const now = Date.now();
    for (const msg of batch) {
      const parsed = this.parser.parse(subjects.unqualify(msg.subject), msg.data, now);
      if (parsed.outcome === 'valid') valid.push({ msg, envelope: parsed.envelope });
      else if (parsed.outcome === 'invalid') invalid.push({ msg, reason: parsed.reason });
      else this.skip(msg, def, parsed.reason);
    }
    // The valid messages go on while the invalid ones are copied to the dead-letter stream: a burst of bad messages
    // must not hold the good ones behind it. At most two rounds of dead letters are in flight.
    if (invalid.length > 0) {
      if (this.deadLettering.size >= 2) await Promise.race(this.deadLettering);
      const round = this.deadLetterAll(invalid, def).finally(() => this.deadLettering.delete(round));
      this.deadLettering.add(round);
    }
    return valid;
  }

  private async handleBatch(valid: { msg: JsMsg; envelope: unknown }[], def: ConsumerDefinition): Promise<void> {
    const { subjects } = this.options.handles;
    if (valid.length === 0) return;
    const handler = this.handlerOf(batchPattern(def));
    if (!handler) {
      await Promise.all(valid.map(({ msg }) => this.process(msg, def)));
      return;
    }
    // One CONSUMER span per message, in its producer's trace, so every event keeps its own end-to-end trace.
    const parents = valid.map(({ msg }) => extractTraceContext(msg.headers));
    const spans = valid.map(({ msg, envelope }, i) => {
      const subject = subjects.unqualify(msg.subject);
      return tracer().startSpan(`${subject} process`, { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.consumer.group.name': def.durable, 'messaging.message.id': (envelope as { id: string }).id } }, parents[i]);
    });
    const contexts = spans.map((span, i) => trace.setSpan(parents[i], span));
    try {
      const ctx = new JetStreamBatchContext(valid.map((v) => v.msg), def.durable, contexts);
      await withSpan(`${def.durable} batch`, { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'nats', 'messaging.batch.message_count': valid.length, 'messaging.consumer.group.name': def.durable } }, async () => {
        const result = await handler(
          valid.map((v) => v.envelope),
          ctx,
        );
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      });
      for (const [i, { msg }] of valid.entries()) {
        const waiting = ctx.waiting.get(i);
        if (waiting) {
          await this.wait(msg, def, waiting);
          continue;
        }
        msg.ack();
        this.keeper.release(msg);
      }
      for (const span of spans) span.end();
    } catch (error) {
      for (const span of spans) span.end();
      // Isolate the culprit: each message through its own handler (which acks, retries or dead-letters it).
      this.options.logger.warn({ consumer: def.durable, size: valid.length, err: (error as Error).message }, 'batch failed; handling its messages one by one');
      for (const { msg } of valid) await this.process(msg, def);
    }
  }

  private async process(msg: JsMsg, def: ConsumerDefinition): Promise<void> {
    try {
      await this.processOne(msg, def);
    } finally {
      this.keeper.release(msg);
    }
  }

  private async processOne(msg: JsMsg, def: ConsumerDefinition): Promise<void> {
    const { subjects } = this.options.handles;
    const subject = subjects.unqualify(msg.subject);
    await withSpan(`${subject} process`, { kind: SpanKind.CONSUMER, parent: extractTraceContext(msg.headers), attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.consumer.group.name': def.durable } }, async (span) => {
      const parsed = this.parser.parse(subject, msg.data);
      if (parsed.outcome === 'unknown') return this.skip(msg, def, parsed.reason);
      if (parsed.outcome === 'invalid') return this.deadLetter(msg, def, parsed.reason);
      const { event, envelope } = parsed;
      span.setAttribute('messaging.message.id', envelope.id);
      const handler = this.handlerOf(event.type);
      if (!handler) return this.deadLetter(msg, def, `no handler for event type ${event.type}`);
      try {
        const result = await handler(envelope, new JetStreamContext(msg, def.durable));
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        msg.ack();
      } catch (error) {
        const reason = error instanceof Error ? error.message : JSON.stringify(error);
        if (error instanceof PermanentMessageError) return this.deadLetter(msg, def, reason);
        if (error instanceof WaitingMessageError) return this.wait(msg, def, error);
        // The consumer's last delivery: dead-letter rather than let the server drop the message at max_deliver.
        if (msg.info.deliveryCount >= def.maxDeliver) return this.deadLetter(msg, def, `gave up after ${msg.info.deliveryCount} deliveries: ${reason}`);
        if (this.closing) return msg.nak();
        const delay = def.backoffMs[Math.min(msg.info.deliveryCount - 1, def.backoffMs.length - 1)] ?? 1_000;
        this.options.logger.warn({ subject, deliveries: msg.info.deliveryCount, err: reason }, 'event handler failed; will redeliver');
        msg.nak(delay);
      }
    });
  }

  /**
   * A message that cannot be applied yet: redelivered after the consumer's backoff stretched over the error's wait
   * window, dead-lettered once (the error's message as the reason) on the consumer's last delivery.
   */
  private async wait(msg: JsMsg, def: ConsumerDefinition, error: WaitingMessageError): Promise<void> {
    const deliveries = msg.info.deliveryCount;
    if (deliveries >= def.maxDeliver) return this.deadLetter(msg, def, `${error.message} (waited ${deliveries} deliveries)`);
    this.keeper.release(msg);
    if (this.closing) return msg.nak();
    const delay = waitDelayMs(def, deliveries, error.waitMs);
    this.options.logger.info({ subject: msg.subject, seq: msg.seq, consumer: def.durable, deliveries, delayMs: delay, reason: error.message }, 'event waits');
    msg.nak(delay);
  }

  /** A subject of the consumer's filter that no event of this release knows (rolling upgrades): acked, logged at debug. */
  private skip(msg: JsMsg, def: ConsumerDefinition, reason: string): void {
    this.options.logger.debug({ subject: msg.subject, seq: msg.seq, consumer: def.durable, reason }, 'event of an unknown type skipped');
    msg.ack();
    this.keeper.release(msg);
  }

  private handlerOf(pattern: string): MessageHandler | null {
    let handler = this.handlers.get(pattern);
    if (handler === undefined) this.handlers.set(pattern, (handler = this.getHandlerByPattern(pattern)));
    return handler;
  }

  private async deadLetter(msg: JsMsg, def: ConsumerDefinition, reason: string): Promise<void> {
    this.options.logger.error({ subject: msg.subject, seq: msg.seq, consumer: def.durable, reason }, 'message dead-lettered');
    try {
      await copyToDeadLetter(this.options.handles.js, this.options.handles.subjects, msg, def.durable, reason);
      terminate(msg);
      this.keeper.release(msg);
    } catch (error) {
      // Could not store the dead letter: redeliver rather than lose the message.
      this.options.logger.error({ err: (error as Error).message }, 'dead-letter publish failed');
      msg.nak(5_000);
    }
  }

  /** Several dead letters in one round of publishes; each message is terminated once its copy is stored. */
  private async deadLetterAll(items: { msg: JsMsg; reason: string }[], def: ConsumerDefinition): Promise<void> {
    const { subjects } = this.options.handles;
    for (const { msg, reason } of items.slice(0, 20)) this.options.logger.error({ subject: msg.subject, seq: msg.seq, consumer: def.durable, reason }, 'message dead-lettered');
    if (items.length > 20) this.options.logger.error({ consumer: def.durable, count: items.length }, 'messages dead-lettered (the first 20 are logged)');
    const outcomes = await this.deadLetters!.publishAll(items.map(({ msg, reason }) => deadLetterMessage(subjects, msg, def.durable, reason)), 10_000);
    outcomes.forEach((outcome, i) => {
      const { msg } = items[i]!;
      this.keeper.release(msg);
      if (outcome.status === 'fulfilled') return terminate(msg);
      this.options.logger.error({ err: (outcome.reason as Error).message }, 'dead-letter publish failed');
      msg.nak(5_000);
    });
  }
}

/*
 * Why our own pull loop (nats.js 3.4, measured on nats-server 2.9): consume() takes max_messages or max_bytes, never
 * both, and a byte-bounded consume asks for at most 100 messages at a time, so a burst of 5,000 small messages waits
 * on pull round trips (2-4 s instead of under 1 s). Worse, its byte accounting keeps the unused bytes of a pull that
 * ended by count, so a 200 KB message after a few hundred small ones was delivered only after the client's heartbeat
 * reset, about 45 s later (pull-sizes.integration-spec guards it). PullLoop sends each pull with both `batch` and
 * `max_bytes` from what is actually in flight.
 */

/**
 * The delay before the next delivery of a waiting message: the consumer's backoff for this delivery, scaled so that
 * the delays of all its deliveries add up to `waitMs` (the wait window ends on the consumer's last delivery).
 */
export const waitDelayMs = (def: Pick<ConsumerDefinition, 'backoffMs' | 'maxDeliver'>, deliveries: number, waitMs?: number): number => {
  const step = (d: number) => def.backoffMs[Math.min(d - 1, def.backoffMs.length - 1)] ?? 1_000;
  const own = step(deliveries);
  if (waitMs === undefined) return own;
  let total = 0;
  for (let d = 1; d < def.maxDeliver; d++) total += step(d);
  return total > 0 ? Math.max(1, Math.round((own * waitMs) / total)) : own;
};

/**
 * Terminates without a reason: nats-server 2.9 does not recognise `+TERM <reason>` and redelivers the message until
 * max_deliver (a duplicate dead letter each time); the reason travels in the dead-letter copy's headers instead.
 */
const terminate = (msg: JsMsg): void => msg.term();

