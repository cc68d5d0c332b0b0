import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { createEnvelope, type EventDefinition, type EventInput, type Envelope } from '#libs/contracts';
import { batchDeleteSql, columnList, EXPIRED_BEFORE, InboxMessage, prepared, queryPrepared, runBatchDelete, selectAs, type RetentionRule } from '#libs/persistence';
import { ContractViolationError } from './messaging.errors.js';
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
 * state change committed. The relay publishes it later with Nats-Msg-Id = envelope id. The data's type is the
 * event schema's input (a wrong payload does not compile); the schema also parses it at run time (see envelopeOf).
 */
export const enqueueEvent = async <E extends EventDefinition>(
  manager: EntityManager,
  event: E,
  data: EventInput<E>,
  cause: CausationContext = {},
): Promise<Envelope> => {
  const row = outboxRecord(event, data, cause);
  await queryPrepared(manager, INSERT_ONE, [row.id, row.subject, row.payload, row.headers]);
  return row.envelope;
};

/**
 * The event's data validated against its schema, in a new envelope (its id is the row's and the Nats-Msg-Id). Parsed
 * in every environment, production too: the parse applies the schema's defaults and drops unknown keys, so what
 * consumers receive must not depend on where the producer runs.
 */
const envelopeOf = (event: EventDefinition, data: unknown, cause: CausationContext = {}): Envelope => {
  const parsed = event.schema.safeParse(data);
  if (!parsed.success) throw ContractViolationError.of(event.subject, 'event data', parsed.error);
  return createEnvelope(event.type, event.schemaVersion, parsed.data, { id: randomUUID(), ...cause });
};

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
export const outboxRecord = <E extends EventDefinition>(event: E, data: EventInput<E>, cause: CausationContext = {}): OutboxRecord => {
  const envelope = envelopeOf(event, data, cause);
  outboxWritten();
  return { id: envelope.id, subject: event.subject, payload: JSON.stringify(envelope), headers: JSON.stringify(traceContextRecord()), envelope };
};

declare const checkedByOutboxItem: unique symbol;

/**
 * An event with its data for {@link enqueueEvents} and {@link outboxRows}, made by {@link outboxItem}: the data was
 * checked against the event's schema by the compiler. A hand-written `{ event, data }` is not an OutboxItem (it
 * lacks the compile-time-only mark), so a batch cannot smuggle in an unchecked payload.
 */
export interface OutboxItem {
  readonly event: EventDefinition;
  readonly data: unknown;
  readonly cause?: CausationContext;
  readonly [checkedByOutboxItem]: true;
}

/** An event and its data (typed by the event's schema) for a batch of the outbox. */
export const outboxItem = <E extends EventDefinition>(event: E, data: EventInput<E>, cause?: CausationContext): OutboxItem =>
  ({ event, data, cause }) as Omit<OutboxItem, typeof checkedByOutboxItem> as OutboxItem;

/** The same item with another cause (a batch written under one correlation). */
export const withCause = (item: OutboxItem, cause: CausationContext): OutboxItem => ({ ...item, cause });

/**
 * Several events, validated and wrapped in their envelopes, as the two parameters of {@link insertOutboxRowsSql}: the
 * rows as one JSON document (serialising arrays of JSON strings element by element cost more) and the trace headers.
 * The relays of the process are told to look soon.
 */
export const outboxRows = (items: readonly OutboxItem[]): { rows: string; headers: string } => {
  const rows = items.map((item) => {
    const envelope = envelopeOf(item.event, item.data, item.cause);
    return { id: envelope.id, subject: item.event.subject, payload: envelope };
  });
  outboxWritten();
  return { rows: JSON.stringify(rows), headers: JSON.stringify(traceContextRecord()) };
};

/** Several events at once (one INSERT), for batch handlers. */
export const enqueueEvents = async (manager: EntityManager, items: readonly OutboxItem[]): Promise<void> => {
  if (items.length === 0) return;
  const { rows, headers } = outboxRows(items);
  await queryPrepared(manager, INSERT_MANY, [rows, headers]);
};

// The inbox row a claim writes (message id, consumer) and the id it answers when the message is new.
const INBOX_COLUMNS = columnList(InboxMessage, ['messageId', 'consumer']);
const INBOX_CLAIMED = selectAs(InboxMessage, ['messageId']);
type InboxClaimRow = Pick<InboxMessage, 'messageId'>;

/** Records a consumed message id; false when it was already processed (redelivery): skip the effects. */
export const claimInbox = async (manager: EntityManager, consumer: string, messageId: string): Promise<boolean> => {
  const rows: InboxClaimRow[] = await manager.query(`INSERT INTO inbox (${INBOX_COLUMNS}) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING ${INBOX_CLAIMED}`, [messageId, consumer]);
  return rows.length === 1;
};

/** Records a batch's consumed message ids in one statement; the ids not processed before (redeliveries are skipped). */
export const claimInboxBatch = async (manager: EntityManager, consumer: string, messageIds: string[]): Promise<Set<string>> => {
  if (messageIds.length === 0) return new Set();
  const rows: InboxClaimRow[] = await manager.query(
    `INSERT INTO inbox (${INBOX_COLUMNS}) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING RETURNING ${INBOX_CLAIMED}`,
    [messageIds, consumer],
  );
  return new Set(rows.map((r) => r.messageId));
};

/**
 * A batch split in rounds for applying in bulk while keeping per-entity order: round r holds the r-th item of each
 * entity (so an entity appears at most once per round). Items whose key is undefined are left out.
 */
export const inRounds = <T>(items: readonly T[], keyOf: (item: T) => string | undefined): T[][] => {
  const rounds: T[][] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (rounds[round] ??= []).push(item);
  }
  return rounds;
};

const PRUNE_OUTBOX = batchDeleteSql('outbox', `t.published_at IS NOT NULL AND t.published_at < ${EXPIRED_BEFORE}`);
const PRUNE_INBOX = batchDeleteSql('inbox', `t.received_at < ${EXPIRED_BEFORE}`);

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
