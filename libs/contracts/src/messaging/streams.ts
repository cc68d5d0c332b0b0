import { PROVISIONING_ROOT, SMARTLIC_ROOT } from './subjects.js';
import { STREAMS } from './stream-names.js';

/** A JetStream stream, as data; libs/messaging creates or updates it at start. */
export interface StreamDefinition {
  name: string;
  subjects: string[];
  /** Limits retention keeps messages replayable (DLQ look-ups, new consumers, audits). */
  retention: 'limits';
  storage: 'file' | 'memory';
  maxAgeMs: number;
  /** Must exceed the outbox relay's worst-case retry horizon (de-duplication by Nats-Msg-Id). */
  duplicateWindowMs: number;
  description: string;
}

/** A durable pull consumer, as data. */
export interface ConsumerDefinition {
  stream: string;
  durable: string;
  /** One filter subject: nats-server 2.9 has no multi-filter consumers. */
  filterSubject: string;
  /** Deliveries before the message is dead-lettered. Must exceed backoffMs.length. */
  maxDeliver: number;
  backoffMs: number[];
  ackWaitMs: number;
  maxAckPending: number;
  /** Messages a consumer processes concurrently (per-message handlers). */
  concurrency: number;
  /**
   * When set, the consumer hands its handler batches of up to `maxMessages` envelopes, in stream order, one batch
   * at a time (`@OnEventBatch`): one transaction per batch instead of one per message, for high-volume ingest.
   */
  batch?: { maxMessages: number };
}

const DAY = 86_400_000;

export const STREAM_DEFINITIONS: readonly StreamDefinition[] = [
  { name: STREAMS.provisioning, subjects: [`${PROVISIONING_ROOT}.>`], retention: 'limits', storage: 'file', maxAgeMs: 30 * DAY, duplicateWindowMs: 10 * 60_000, description: 'Inbound provisioning contract (customers, clusters)' },
  // SMARTLIC_EVENTS lists its subjects from the event registry (see events/index.ts), so it never captures a command.
  { name: STREAMS.deadLetter, subjects: [`${SMARTLIC_ROOT}.dlq.>`], retention: 'limits', storage: 'file', maxAgeMs: 30 * DAY, duplicateWindowMs: 2 * 60_000, description: 'Dead letters with their reason' },
];

export const eventsStreamDefinition = (subjects: string[]): StreamDefinition => ({
  name: STREAMS.events,
  subjects,
  retention: 'limits',
  storage: 'file',
  maxAgeMs: 7 * DAY,
  duplicateWindowMs: 10 * 60_000,
  description: 'Events between smartlic services',
});

export const defineConsumer = (c: Pick<ConsumerDefinition, 'stream' | 'durable' | 'filterSubject'> & Partial<ConsumerDefinition>): ConsumerDefinition => ({
  maxDeliver: 6,
  backoffMs: [1_000, 5_000, 30_000, 120_000],
  ackWaitMs: 30_000,
  maxAckPending: 1_000,
  concurrency: 16,
  ...c,
});
