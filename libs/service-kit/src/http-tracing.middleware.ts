import type { NextFunction, Request, Response } from 'express';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracer } from '#libs/observability';

const headerGetter = {
  get: (carrier: Request['headers'], key: string) => {
    const v = carrier[key];
    return Array.isArray(v) ? v[0] : v;
  },
  keys: (carrier: Request['headers']) => Object.keys(carrier),
};

/**
 * One SERVER span per HTTP request, continuing an incoming W3C traceparent, active for the whole handler so that
 * NATS requests and events it causes join the same trace. The trace id is returned in `traceresponse`.
 */
export const httpTracingMiddleware = (req: Request, res: Response, next: NextFunction): void => {
  if (req.path === '/healthz' || req.path === '/readyz') return next();
  const parent = propagation.extract(ROOT_CONTEXT, req.headers, headerGetter);
  const span = tracer().startSpan(`${req.method} ${req.path}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } }, parent);
  const { traceId, spanId } = span.spanContext();
  res.setHeader('traceresponse', `00-${traceId}-${spanId}-01`);
  res.on('finish', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), () => next());
};
