import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { lastValueFrom, isObservable } from 'rxjs';
import { envelopeSchema, type ConsumerDefinition, type EventDefinition } from '#libs/contracts';
import { SpanKind, trace, tracer, withSpan } from '#libs/observability';
import type { Logger } from 'pino';
import { copyToDeadLetter, deadLetterMessage } from './dead-letter.js';
import { JetStreamPublisher } from './jetstream-publisher.js';
import { JetStreamBatchContext } from './jetstream-batch.context.js';
import { JetStreamContext } from './jetstream.context.js';
import { batchPattern } from './handler.decorators.js';
import { describeZodError, PermanentMessageError } from './messaging.errors.js';
import { ensureConsumer } from './stream-provisioner.js';
import { natsServerVersion, type NatsHandles } from './nats-connection.js';
import { extractTraceContext } from './trace-headers.js';

export interface JetStreamServerOptions {
  handles: NatsHandles;
  /** The durable consumers this service runs. */
  consumers: readonly ConsumerDefinition[];
  /** Events the service understands; a message of any other type is dead-lettered. */
  events: readonly EventDefinition[];
  logger: Logger;
}

/**
 * Nest transport strategy for durable JetStream events: one pull consumer per ConsumerDefinition, explicit ack,
 * bounded concurrency, envelope and payload validated against the contract before any handler runs. Handlers are
 * `@EventPattern(<event type>)` methods; they receive the parsed envelope and a JetStreamContext.
 *
 * Outcomes: success → ack; PermanentMessageError or invalid message → term + copy to the dead-letter stream;
 * any other error → nak with the consumer's backoff, and after maxDeliver deliveries → dead letter + term.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly loops: { messages: ConsumerMessages; done: Promise<void> }[] = [];
  private readonly eventsBySubject = new Map<string, EventDefinition>();
  /** Handlers by event type, looked up once: Nest's lookup parses the pattern as JSON on every call. */
  private readonly handlers = new Map<string, MessageHandler | null>();
  private closing = false;
  /** Dead letters of a batch go out in bulk: a burst of bad messages must not hold the good ones behind it. */
  private deadLetters?: JetStreamPublisher;
  private readonly deadLettering = new Set<Promise<void>>();

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    for (const event of options.events) this.eventsBySubject.set(event.subject, event);
  }

  async listen(callback: () => void): Promise<void> {
    try {
      const { jsm, js, subjects, nc } = this.options.handles;
      this.deadLetters = new JetStreamPublisher(nc);
      const server = natsServerVersion(nc);
      if (server.belowProductionMinimum) this.options.logger.warn({ natsServer: server.version }, 'nats-server is older than 2.10, the production minimum (fine for development)');
      else this.options.logger.info({ natsServer: server.version }, 'nats-server');
      for (const def of this.options.consumers) {
        const { stream, durable } = await ensureConsumer(jsm, subjects, def);
        const consumer = await js.consumers.get(stream, durable);
        this.loops.push(await this.startLoop(consumer, def));
      }
      callback();
    } catch (error) {
      callback();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const loop of this.loops) loop.messages.stop();
    await Promise.all(this.loops.map((l) => l.done));
    await Promise.all(this.deadLettering);
    this.deadLetters?.close();
  }

  on(): void {
    // No transport-level events to expose.
  }

  unwrap<T>(): T {
    return this.options.handles.nc as T;
  }

  private async startLoop(consumer: Consumer, def: ConsumerDefinition): Promise<{ messages: ConsumerMessages; done: Promise<void> }> {
    if (def.batch) return this.startBatchLoop(consumer, def, def.batch.maxMessages);
    const messages = await consumer.consume({ max_messages: Math.max(def.concurrency * 2, 16) });
    const inFlight = new Set<Promise<void>>();
    const done = (async () => {
      for await (const msg of messages) {
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
  private async startBatchLoop(consumer: Consumer, def: ConsumerDefinition, maxMessages: number): Promise<{ messages: ConsumerMessages; done: Promise<void> }> {
    const messages = await consumer.consume({ max_messages: maxMessages * 2 });
    const buffer: JsMsg[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    let drained: (() => void) | undefined;
    const reader = (async () => {
      for await (const msg of messages) {
        buffer.push(msg);
        wake?.();
        // Backpressure: stop reading while four batches wait.
        if (buffer.length >= maxMessages * 4) await new Promise<void>((r) => (drained = r));
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
        const batch = buffer.splice(0, maxMessages);
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
    for (const msg of batch) {
      const subject = subjects.unqualify(msg.subject);
      const event = this.eventsBySubject.get(subject);
      if (!event) {
        invalid.push({ msg, reason: `no event of this service's contracts has subject ${subject}` });
        continue;
      }
      let raw: unknown;
      try {
        raw = msg.json();
      } catch {
        invalid.push({ msg, reason: 'payload is not JSON' });
        continue;
      }
      const parsed = envelopeOf(event).safeParse(raw);
      if (!parsed.success) {
        invalid.push({ msg, reason: `schema violation: ${describeZodError(parsed.error)}` });
        continue;
      }
      valid.push({ msg, envelope: parsed.data });
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
      await withSpan(`${def.durable} batch`, { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'nats', 'messaging.batch.message_count': valid.length, 'messaging.consumer.group.name': def.durable } }, async () => {
        const result = await handler(
          valid.map((v) => v.envelope),
          new JetStreamBatchContext(valid.map((v) => v.msg), def.durable, contexts),
        );
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      });
      for (const { msg } of valid) msg.ack();
      for (const span of spans) span.end();
    } catch (error) {
      for (const span of spans) span.end();
      // Isolate the culprit: each message through its own handler (which acks, retries or dead-letters it).
      this.options.logger.warn({ consumer: def.durable, size: valid.length, err: (error as Error).message }, 'batch failed; handling its messages one by one');
      for (const { msg } of valid) await this.process(msg, def);
    }
  }

  private async process(msg: JsMsg, def: ConsumerDefinition): Promise<void> {
    const { subjects } = this.options.handles;
    const subject = subjects.unqualify(msg.subject);
    await withSpan(`${subject} process`, { kind: SpanKind.CONSUMER, parent: extractTraceContext(msg.headers), attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.consumer.group.name': def.durable } }, async (span) => {
      const invalid = (reason: string) => this.deadLetter(msg, def, reason);
      const event = this.eventsBySubject.get(subject);
      if (!event) return invalid(`no event of this service's contracts has subject ${subject}`);
      let raw: unknown;
      try {
        raw = msg.json();
      } catch {
        return invalid('payload is not JSON');
      }
      const parsed = envelopeOf(event).safeParse(raw);
      if (!parsed.success) return invalid(`schema violation: ${describeZodError(parsed.error)}`);
      span.setAttribute('messaging.message.id', parsed.data.id);
      const handler = this.handlerOf(event.type);
      if (!handler) return invalid(`no handler for event type ${event.type}`);
      try {
        const result = await handler(parsed.data, new JetStreamContext(msg, def.durable));
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        msg.ack();
      } catch (error) {
        const reason = error instanceof Error ? error.message : JSON.stringify(error);
        if (error instanceof PermanentMessageError) return this.deadLetter(msg, def, reason);
        if (msg.info.deliveryCount >= def.maxDeliver) return this.deadLetter(msg, def, `gave up after ${msg.info.deliveryCount} deliveries: ${reason}`);
        if (this.closing) return msg.nak();
        const delay = def.backoffMs[Math.min(msg.info.deliveryCount - 1, def.backoffMs.length - 1)] ?? 1_000;
        this.options.logger.warn({ subject, deliveries: msg.info.deliveryCount, err: reason }, 'event handler failed; will redeliver');
        msg.nak(delay);
      }
    });
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
      if (outcome.status === 'fulfilled') return terminate(items[i]!.msg);
      this.options.logger.error({ err: (outcome.reason as Error).message }, 'dead-letter publish failed');
      items[i]!.msg.nak(5_000);
    });
  }
}

/**
 * Terminates without a reason: nats-server 2.9 does not recognise `+TERM <reason>` and redelivers the message until
 * max_deliver (a duplicate dead letter each time); the reason travels in the dead-letter copy's headers instead.
 */
const terminate = (msg: JsMsg): void => msg.term();

/** One envelope schema per event: building a zod schema costs far more than parsing with it (hot path of every consumer). */
const envelopeSchemas = new WeakMap<EventDefinition, ReturnType<typeof envelopeSchema>>();
const envelopeOf = (event: EventDefinition): ReturnType<typeof envelopeSchema> => {
  let schema = envelopeSchemas.get(event);
  if (!schema) envelopeSchemas.set(event, (schema = envelopeSchema(event.schema)));
  return schema;
};
