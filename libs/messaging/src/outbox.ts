import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { createEnvelope, type EventDefinition, type Envelope } from '#libs/contracts';
import { batchDeleteSql, EXPIRED_BEFORE, prepared, queryPrepared, runBatchDelete, type RetentionRule } from '#libs/persistence';
import { outboxWritten } from './outbox-relay.js';
import { traceContextRecord } from './trace-headers.js';

/**
 * The INSERT of the outbox rows {@link outboxRows} made, reading them from the statement's parameters `$<rows>` and
 * `$<headers>`. A service's statement that changes its state can end with it (a CTE): state and events are then
 * written atomically in one round trip.
 */
export const insertOutboxRowsSql = (rows: number, headers: number): string =>
  `INSERT INTO outbox (id, subject, payload, headers)
   SELECT (r->>'id')::uuid, r->>'subject', r->'payload', $${headers}::jsonb FROM jsonb_array_elements($${rows}::jsonb) WITH ORDINALITY AS e(r, n) ORDER BY n`;

// Every event of every service goes through one of these: prepared once per connection.
const INSERT_ONE = prepared('outbox.insert-one', 'INSERT INTO outbox (id, subject, payload, headers) VALUES ($1, $2, $3, $4)');
const INSERT_MANY = prepared('outbox.insert-many', insertOutboxRowsSql(1, 2));

export interface CausationContext {
  correlationId?: string;
  causationId?: string | null;
}

/**
 * Writes an event to the service's outbox inside the caller's transaction: the event exists if and only if the
 * state change committed. The relay publishes it later with Nats-Msg-Id = envelope id.
 */
export const enqueueEvent = async <E extends EventDefinition>(
  manager: EntityManager,
  event: E,
  data: unknown,
  cause: CausationContext = {},
): Promise<Envelope> => {
  const row = outboxRecord(event, data, cause);
  await queryPrepared(manager, INSERT_ONE, [row.id, row.subject, row.payload, row.headers]);
  return row.envelope;
};

/** The event's data validated against its schema, in a new envelope (its id is the row's and the Nats-Msg-Id). */
const envelopeOf = (event: EventDefinition, data: unknown, cause: CausationContext = {}): Envelope =>
  createEnvelope(event.type, event.schemaVersion, event.schema.parse(data), { id: randomUUID(), ...cause });

/** An outbox row's values (id, subject, payload and headers as JSON text), for a statement that writes it itself. */
export interface OutboxRecord {
  id: string;
  subject: string;
  payload: string;
  headers: string;
  envelope: Envelope;
}

/**
 * The event validated against its schema and wrapped in its envelope, with the current trace context. The caller's
 * statement writes it; the relays of the process are told to look soon (outboxWritten).
 */
export const outboxRecord = <E extends EventDefinition>(event: E, data: unknown, cause: CausationContext = {}): OutboxRecord => {
  const envelope = envelopeOf(event, data, cause);
  outboxWritten();
  return { id: envelope.id, subject: event.subject, payload: JSON.stringify(envelope), headers: JSON.stringify(traceContextRecord()), envelope };
};

export type OutboxItem = { event: EventDefinition; data: unknown; cause?: CausationContext };

/**
 * Several events, validated and wrapped in their envelopes, as the two parameters of {@link insertOutboxRowsSql}: the
 * rows as one JSON document (serialising arrays of JSON strings element by element cost more) and the trace headers.
 * The relays of the process are told to look soon.
 */
export const outboxRows = (items: OutboxItem[]): { rows: string; headers: string } => {
  const rows = items.map((item) => {
    const envelope = envelopeOf(item.event, item.data, item.cause);
    return { id: envelope.id, subject: item.event.subject, payload: envelope };
  });
  outboxWritten();
  return { rows: JSON.stringify(rows), headers: JSON.stringify(traceContextRecord()) };
};

/** Several events at once (one INSERT), for batch handlers. */
export const enqueueEvents = async (manager: EntityManager, items: OutboxItem[]): Promise<void> => {
  if (items.length === 0) return;
  const { rows, headers } = outboxRows(items);
  await queryPrepared(manager, INSERT_MANY, [rows, headers]);
};

/** Records a consumed message id; false when it was already processed (redelivery): skip the effects. */
export const claimInbox = async (manager: EntityManager, consumer: string, messageId: string): Promise<boolean> => {
  const rows: unknown[] = await manager.query('INSERT INTO inbox (message_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING message_id', [messageId, consumer]);
  return rows.length === 1;
};

/** Records a batch's consumed message ids in one statement; the ids not processed before (redeliveries are skipped). */
export const claimInboxBatch = async (manager: EntityManager, consumer: string, messageIds: string[]): Promise<Set<string>> => {
  if (messageIds.length === 0) return new Set();
  const rows: { message_id: string }[] = await manager.query(
    'INSERT INTO inbox (message_id, consumer) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING RETURNING message_id',
    [messageIds, consumer],
  );
  return new Set(rows.map((r) => r.message_id));
};

const PRUNE_OUTBOX = batchDeleteSql('outbox', 'id', `t.published_at IS NOT NULL AND t.published_at < ${EXPIRED_BEFORE}`);
const PRUNE_INBOX = batchDeleteSql('inbox', 'consumer, message_id', `t.received_at < ${EXPIRED_BEFORE}`);

/** Published outbox rows older than the window (OUTBOX_RETENTION); a row not yet published is never pruned. */
export const outboxRetention = (windowMs: number): RetentionRule => ({
  name: 'outbox',
  windowMs,
  prune: (dataSource, window, limit) => runBatchDelete(dataSource, PRUNE_OUTBOX, window, limit),
});

/** Inbox records older than the window (INBOX_RETENTION): a redelivery that late is no longer recognised. */
export const inboxRetention = (windowMs: number): RetentionRule => ({
  name: 'inbox',
  windowMs,
  prune: (dataSource, window, limit) => runBatchDelete(dataSource, PRUNE_INBOX, window, limit),
});
