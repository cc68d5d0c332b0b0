import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context, type Span } from '@opentelemetry/api';
import { tracer } from '#libs/observability';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';

const setter = { set: (carrier: MsgHdrs, key: string, value: string) => carrier.set(key, value) };
const getter = {
  get: (carrier: MsgHdrs | undefined, key: string) => carrier?.get(key) || undefined,
  keys: (carrier: MsgHdrs | undefined) => (carrier ? [...carrier.keys()] : []),
};

/** W3C trace context of the active span, written into NATS headers (new headers when none are given). */
export const injectTraceContext = (headers: MsgHdrs = natsHeaders(), ctx: Context = context.active()): MsgHdrs => {
  propagation.inject(ctx, headers, setter);
  return headers;
};

/** The trace context carried by a received message. */
export const extractTraceContext = (headers: MsgHdrs | undefined): Context => propagation.extract(ROOT_CONTEXT, headers, getter);

/** Trace context as a plain record, for the outbox row (published later, from another context). */
export const traceContextRecord = (ctx: Context = context.active()): Record<string, string> => {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
};

/**
 * The PRODUCER span `<subject> publish` of an outbox row, in the trace the row was written in, and the headers that
 * carry it (so the consumers' spans are its children). Only when that trace is recorded (sampled): a process that
 * exports nothing publishes the stored headers as they are, at no cost per message.
 */
export const startPublishSpan = (subject: string, messageId: string, stored: Record<string, string> | null | undefined): { span?: Span; headers: Record<string, string> } => {
  const carrier = stored ?? {};
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const parentSpan = trace.getSpanContext(parent);
  if (!parentSpan || (parentSpan.traceFlags & TraceFlags.SAMPLED) === 0) return { headers: carrier };
  const span = tracer().startSpan(
    `${subject} publish`,
    { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'nats', 'messaging.operation.type': 'send', 'messaging.destination.name': subject, 'messaging.message.id': messageId } },
    parent,
  );
  return { span, headers: traceContextRecord(trace.setSpan(parent, span)) };
};

/** Ends a publish span with the outcome of the publish (JetStream's ack, or why there was none). */
export const endPublishSpan = (span: Span | undefined, outcome: PromiseSettledResult<unknown>): void => {
  if (!span) return;
  if (outcome.status === 'rejected') span.setStatus({ code: SpanStatusCode.ERROR, message: (outcome.reason as Error).message });
  span.end();
};
