import { envelopeSchema, type Envelope } from '../messaging/envelope.js';
import { STREAM_DEFINITIONS } from '../messaging/streams.js';
import type { EventDefinition } from './event-definition.js';

/** How far in the future an event's `occurredAt` may lie: publishers' clocks drift, but a date in 2099 is a bug. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface EventParserOptions {
  /** The tolerated clock skew of publishers (ms); an `occurredAt` further in the future is refused. */
  maxClockSkewMs?: number;
}

/**
 * What a consumer does with a message:
 * - `valid`: the envelope and payload follow the contract of the event its subject names: hand it to the handler;
 * - `unknown`: no event of the consumer's contracts has this subject (a newer publisher during a rolling upgrade):
 *   acknowledge and skip it;
 * - `invalid`: it can never succeed: dead-letter it at once, with `reason` ("field: rule").
 */
export type ParsedEvent =
  | { outcome: 'valid'; event: EventDefinition; envelope: Envelope }
  | { outcome: 'unknown'; reason: string }
  | { outcome: 'invalid'; reason: string };

interface Entry {
  event: EventDefinition;
  schema: ReturnType<typeof envelopeSchema>;
  maxMessageBytes: number | undefined;
}

const utf8 = new TextDecoder();

/**
 * The one parser of smartlic's event contracts (the public provisioning contract included): every consumer of every
 * service parses through it, so all of them apply or refuse the same message for the same reason. The subject decides
 * the operation; the envelope's `type` must agree with it, its `schemaVersion` must be the contract's, its
 * `occurredAt` must not lie in the future beyond the clock skew, no string may hold a NUL, and the message and each
 * field must stay within the contract's size limits. Schemas are compiled once per parser, never per message.
 */
export class EventParser {
  private readonly bySubject = new Map<string, Entry>();
  private readonly maxClockSkewMs: number;

  constructor(events: readonly EventDefinition[], options: EventParserOptions = {}) {
    this.maxClockSkewMs = options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
    for (const event of events) {
      const maxMessageBytes = STREAM_DEFINITIONS.find((s) => s.name === event.stream)?.maxMessageBytes;
      this.bySubject.set(event.subject, { event, schema: envelopeSchema(event.schema), maxMessageBytes });
    }
  }

  /** The event a subject (without namespace) carries, if this parser knows it. */
  eventOf(subject: string): EventDefinition | undefined {
    return this.bySubject.get(subject)?.event;
  }

  parse(subject: string, data: Uint8Array, now = Date.now()): ParsedEvent {
    const entry = this.bySubject.get(subject);
    if (!entry) return { outcome: 'unknown', reason: `no event of this consumer's contracts has subject ${subject}` };
    const { event, schema, maxMessageBytes } = entry;
    if (maxMessageBytes !== undefined && data.length > maxMessageBytes) return invalid(`message: ${data.length} bytes exceed the contract's limit of ${maxMessageBytes} bytes`);
    let text: string;
    let raw: unknown;
    try {
      text = utf8.decode(data);
      raw = JSON.parse(text);
    } catch {
      return invalid('payload is not JSON');
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return invalid('(root): an envelope object is required');
    const head = raw as { type?: unknown; schemaVersion?: unknown };
    if (head.type !== event.type) return invalid(`type: ${JSON.stringify(head.type)} does not match the subject ${subject} (expected "${event.type}")`);
    if (head.schemaVersion !== event.schemaVersion) return invalid(`schemaVersion: ${JSON.stringify(head.schemaVersion)} is not supported by ${event.type} (supported: ${event.schemaVersion})`);
    // JSON cannot carry a raw NUL inside a string, only the escape: a cheap test of the text finds every candidate.
    if (text.includes('\\u0000')) {
      const path = nulPath(raw, '');
      if (path !== undefined) return invalid(`${path || '(root)'}: must not contain a NUL character`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return invalid(`schema violation: ${parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ')}`);
    const occurredAt = Date.parse(parsed.data.occurredAt);
    if (occurredAt - now > this.maxClockSkewMs) return invalid(`occurredAt: ${parsed.data.occurredAt} lies more than ${Math.round(this.maxClockSkewMs / 1000)} s in the future`);
    return { outcome: 'valid', event, envelope: parsed.data as Envelope };
  }
}

const invalid = (reason: string): ParsedEvent => ({ outcome: 'invalid', reason });

/** The dotted path of the first string holding a NUL, or undefined. */
const nulPath = (value: unknown, path: string): string | undefined => {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\0')) return path ? `${path}.${key.replace(/\0/g, '\\0')}` : key.replace(/\0/g, '\\0');
    const found = nulPath(child, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
};
