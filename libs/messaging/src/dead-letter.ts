import { headers as natsHeaders } from '@nats-io/nats-core';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { deadLetterSubject, type Subjects } from '#libs/contracts';

export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  originalSubject: 'x-dlq-original-subject',
  originalStream: 'x-dlq-original-stream',
  originalSequence: 'x-dlq-original-seq',
  consumer: 'x-dlq-consumer',
  deliveries: 'x-dlq-deliveries',
} as const;

/** Copies a message to the dead-letter stream with the reason, keeping its trace headers. */
export const copyToDeadLetter = async (js: JetStreamClient, subjects: Subjects, msg: JsMsg, consumer: string, reason: string): Promise<void> => {
  const h = natsHeaders();
  if (msg.headers) for (const [k, v] of msg.headers) for (const value of v) h.append(k, value);
  h.set(DLQ_HEADERS.reason, reason.slice(0, 2000));
  h.set(DLQ_HEADERS.originalSubject, msg.subject);
  h.set(DLQ_HEADERS.originalStream, msg.info.stream);
  h.set(DLQ_HEADERS.originalSequence, String(msg.seq));
  h.set(DLQ_HEADERS.consumer, consumer);
  h.set(DLQ_HEADERS.deliveries, String(msg.info.deliveryCount));
  await js.publish(subjects.qualify(deadLetterSubject(consumer)), msg.data, { headers: h, msgID: `dlq:${msg.info.stream}:${msg.seq}:${consumer}` });
};
