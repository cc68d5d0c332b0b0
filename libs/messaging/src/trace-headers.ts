import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
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
