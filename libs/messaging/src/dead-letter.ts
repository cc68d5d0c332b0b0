import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { deadLetterSubject, type Subjects } from '#libs/contracts';
import type { JetStreamMessage } from './jetstream-publisher.js';

export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  originalSubject: 'x-dlq-original-subject',
  originalStream: 'x-dlq-original-stream',
  originalSequence: 'x-dlq-original-seq',
  consumer: 'x-dlq-consumer',
  deliveries: 'x-dlq-deliveries',
  /** Where the copy lost a clear secret (dotted paths; `(unparsed)` when the payload was not JSON). */
  redacted: 'x-dlq-redacted',
} as const;

const SECRET_KEY = 'password';
const SECRET_MARKER = Buffer.from(`"${SECRET_KEY}"`);
// A quoted value, or an unterminated one running to the end of a truncated payload.
const SECRET_IN_TEXT = /("password"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)/g;

/**
 * The payload of a dead-letter copy without clear secrets: every `password` property is removed (an `encryptedPassword`,
 * sealed for app-adapter, stays), so the dead-letter stream never keeps what the deployment refused to keep. A payload
 * that is not JSON has the values of its `"password": "…"` pairs blanked.
 */
export const withoutClearSecrets = (data: Uint8Array): { payload: Uint8Array; redacted: string[] } => {
  if (Buffer.from(data.buffer, data.byteOffset, data.byteLength).indexOf(SECRET_MARKER) < 0) return { payload: data, redacted: [] };
  const text = new TextDecoder().decode(data);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { payload: new TextEncoder().encode(text.replace(SECRET_IN_TEXT, '$1""')), redacted: ['(unparsed)'] };
  }
  const redacted: string[] = [];
  const strip = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((child, i) => strip(child, `${path}${i}.`));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === SECRET_KEY && typeof value === 'string') {
        delete (node as Record<string, unknown>)[key];
        redacted.push(`${path}${key}`);
      } else strip(value, `${path}${key}.`);
    }
  };
  strip(parsed, '');
  return redacted.length ? { payload: new TextEncoder().encode(JSON.stringify(parsed)), redacted } : { payload: data, redacted };
};

/**
 * The dead-letter copy of a message: its data and headers (trace context included), the reason and where it came
 * from, and a Nats-Msg-Id of its own so that copying it twice stores it once.
 */
export const deadLetterMessage = (subjects: Subjects, msg: JsMsg, consumer: string, reason: string): JetStreamMessage => {
  const { payload, redacted } = withoutClearSecrets(msg.data);
  const h = deadLetterHeaders(msg, consumer, reason, redacted);
  h.set('Nats-Msg-Id', `dlq:${msg.info.stream}:${msg.seq}:${consumer}`);
  return { subject: subjects.qualify(deadLetterSubject(consumer)), payload, headers: h };
};

/** Copies a message to the dead-letter stream with the reason, keeping its trace headers, without clear secrets. */
export const copyToDeadLetter = async (js: JetStreamClient, subjects: Subjects, msg: JsMsg, consumer: string, reason: string): Promise<void> => {
  const { payload, redacted } = withoutClearSecrets(msg.data);
  const h = deadLetterHeaders(msg, consumer, reason, redacted);
  await js.publish(subjects.qualify(deadLetterSubject(consumer)), payload, { headers: h, msgID: `dlq:${msg.info.stream}:${msg.seq}:${consumer}` });
};

const deadLetterHeaders = (msg: JsMsg, consumer: string, reason: string, redacted: readonly string[]): MsgHdrs => {
  const h = natsHeaders();
  if (msg.headers) for (const [k, v] of msg.headers) for (const value of v) h.append(k, value);
  h.set(DLQ_HEADERS.reason, reason.slice(0, 2000));
  h.set(DLQ_HEADERS.originalSubject, msg.subject);
  h.set(DLQ_HEADERS.originalStream, msg.info.stream);
  h.set(DLQ_HEADERS.originalSequence, String(msg.seq));
  h.set(DLQ_HEADERS.consumer, consumer);
  h.set(DLQ_HEADERS.deliveries, String(msg.info.deliveryCount));
  if (redacted.length) h.set(DLQ_HEADERS.redacted, redacted.join(',').slice(0, 2000));
  return h;
};
