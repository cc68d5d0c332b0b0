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
} as const;

/**
 * The dead-letter copy of a message: its data and headers (trace context included), the reason and where it came
 * from, and a Nats-Msg-Id of its own so that copying it twice stores it once.
 */
export const deadLetterMessage = (subjects: Subjects, msg: JsMsg, consumer: string, reason: string): JetStreamMessage => {
  const h = deadLetterHeaders(msg, consumer, reason);
  h.set('Nats-Msg-Id', `dlq:${msg.info.stream}:${msg.seq}:${consumer}`);
  return { subject: subjects.qualify(deadLetterSubject(consumer)), payload: msg.data, headers: h };
};

/** Copies a message to the dead-letter stream with the reason, keeping its trace headers. */
export const copyToDeadLetter = async (js: JetStreamClient, subjects: Subjects, msg: JsMsg, consumer: string, reason: string): Promise<void> => {
  const h = deadLetterHeaders(msg, consumer, reason);
  await js.publish(subjects.qualify(deadLetterSubject(consumer)), msg.data, { headers: h, msgID: `dlq:${msg.info.stream}:${msg.seq}:${consumer}` });
};

const deadLetterHeaders = (msg: JsMsg, consumer: string, reason: string): MsgHdrs => {
  const h = natsHeaders();
  if (msg.headers) for (const [k, v] of msg.headers) for (const value of v) h.append(k, value);
  h.set(DLQ_HEADERS.reason, reason.slice(0, 2000));
  h.set(DLQ_HEADERS.originalSubject, msg.subject);
  h.set(DLQ_HEADERS.originalStream, msg.info.stream);
  h.set(DLQ_HEADERS.originalSequence, String(msg.seq));
  h.set(DLQ_HEADERS.consumer, consumer);
  h.set(DLQ_HEADERS.deliveries, String(msg.info.deliveryCount));
  return h;
};
