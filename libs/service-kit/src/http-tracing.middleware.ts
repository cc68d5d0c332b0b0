import type { NextFunction, Request, Response } from 'express';
import { context, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/**
 * Completes the SERVER span of OpenTelemetry's http instrumentation (libs/observability registerAutoInstrumentations):
 * - names it by route template (`GET /api/v1/smart-accounts/:id`), never by raw path: express knows the route once
 *   it matched, and the instrumentation reads `route` from its RPC metadata when the response ends (span name,
 *   `http.route`, and the route label of its duration metric);
 * - returns the trace id in `traceresponse`, so an operator can quote it.
 * Without the instrumentation (no active span) it does nothing.
 */
export const httpTracingMiddleware = (req: Request, res: Response, next: NextFunction): void => {
  const span = trace.getSpan(context.active());
  const metadata = getRPCMetadata(context.active());
  if (span) {
    const { traceId, spanId, traceFlags } = span.spanContext();
    res.setHeader('traceresponse', `00-${traceId}-${spanId}-0${traceFlags & 1}`);
  }
  if (metadata?.type === RPCType.HTTP) {
    // 'finish' comes before the 'close' on which the instrumentation ends the span.
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      if (typeof route === 'string') metadata.route = route;
    });
  }
  next();
};
