import { deadLetterSubject, PROVISIONING_ROOT, SMARTLIC_ROOT } from './subjects.js';
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
  /** The largest message the stream stores (`max_msg_size`): a publish above it is refused by JetStream. */
  maxMessageBytes?: number;
  description: string;
}

/**
 * The largest provisioning message: a cluster of 64 nodes with a CA bundle of a few hundred kilobytes fits several
 * times. Below nats-server's default max_payload (1 MiB), so a larger publish is refused by the stream with
 * "message size exceeds maximum allowed"; a consumer dead-letters one stored before the limit (named reason).
 */
export const PROVISIONING_MAX_MESSAGE_BYTES = 1_000_000;

/** A durable pull consumer, as data. */
export interface ConsumerDefinition {
  stream: string;
  durable: string;
  /** One filter subject: nats-server 2.9 has no multi-filter consumers. */
  filterSubject: string;
  /**
   * Deliveries after which a message whose handler still fails is dead-lettered (the consumer's last delivery). The
   * server allows a few more (see stream-provisioner.ts) so a message whose last delivery was cut short (a crash) is
   * still dead-lettered rather than dropped.
   */
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
  /**
   * Bytes of messages a consumer holds at most (delivered, not yet acked, nak'd or terminated: its pull loop asks for
   * no more; one larger message comes alone); a batch holds at most a quarter of it, so a backlog of large messages is
   * handled in bounded batches.
   */
  maxBytesInFlight: number;
}

const DAY = 86_400_000;

export const STREAM_DEFINITIONS: readonly StreamDefinition[] = [
  { name: STREAMS.provisioning, subjects: [`${PROVISIONING_ROOT}.>`], retention: 'limits', storage: 'file', maxAgeMs: 30 * DAY, duplicateWindowMs: 10 * 60_000, maxMessageBytes: PROVISIONING_MAX_MESSAGE_BYTES, description: 'Inbound provisioning contract (customers, clusters)' },
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

export const defineConsumer = (
  c: Pick<ConsumerDefinition, 'stream' | 'durable' | 'filterSubject'> & Partial<ConsumerDefinition>,
): ConsumerDefinition & { /** The subject of its dead letters (unqualified). */ deadLetters: string } => ({
  deadLetters: deadLetterSubject(c.durable),
  maxDeliver: 6,
  backoffMs: [1_000, 5_000, 30_000, 120_000],
  ackWaitMs: 30_000,
  maxAckPending: 1_000,
  concurrency: 16,
  maxBytesInFlight: 16 * 1024 * 1024,
  ...c,
});
