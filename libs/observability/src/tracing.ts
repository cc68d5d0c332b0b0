import { context, propagation, trace, type Context, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP endpoint (e.g. http://otel-collector:4318). Export is off when absent. */
  otlpEndpoint?: string;
  /** Extra exporter, e.g. an InMemorySpanExporter in tests. */
  spanExporter?: SpanExporter;
}

let provider: NodeTracerProvider | undefined;

/**
 * Starts the OpenTelemetry tracer provider once per process, before Nest is created, so every span of the
 * process (HTTP, NATS, jobs) joins the W3C trace context propagated in NATS headers. A second call (several
 * services in one test process) keeps the first provider.
 */
export const initTelemetry = (options: TelemetryOptions): void => {
  if (provider) return;
  const processors: SpanProcessor[] = [];
  if (options.otlpEndpoint) {
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` })));
  }
  if (options.spanExporter) processors.push(new SimpleSpanProcessor(options.spanExporter));
  // Nothing exports: spans are not recorded (no attributes, events or timestamps kept for nobody), yet every span still
  // has its trace and span ids, so trace context still propagates over NATS and log lines still carry trace_id.
  // Something exports: every span is recorded, whatever the caller's sampled flag (a caller that does not export
  // marks its traces unsampled).
  const sampler = processors.length ? new AlwaysOnSampler() : new AlwaysOffSampler();
  provider = new NodeTracerProvider({ resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }), spanProcessors: processors, sampler });
  provider.register({ propagator: new W3CTraceContextPropagator() });
};

export const shutdownTelemetry = async (): Promise<void> => {
  await provider?.shutdown();
  provider = undefined;
};

/** Exports the spans the batch processor still holds (a service's close; the provider stays usable). */
export const flushTelemetry = async (): Promise<void> => {
  await provider?.forceFlush();
};

/** For tests: every span of the process, in memory. */
export const installInMemoryTracing = (serviceName = 'smartlic-test'): InMemorySpanExporter => {
  const exporter = new InMemorySpanExporter();
  initTelemetry({ serviceName, spanExporter: exporter });
  return exporter;
};

export const tracer = () => trace.getTracer('smartlic');

/** Runs `fn` in a new active span; records errors; ends the span. */
export const withSpan = async <T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Record<string, string | number | boolean>; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> => {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
};

/** Trace and span ids of the active span, for log lines. */
export const activeTraceIds = (): { trace_id: string; span_id: string } | Record<string, never> => {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
};

export { SpanKind, context, propagation, trace };
