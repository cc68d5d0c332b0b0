import type { IncomingMessage, ServerResponse } from 'node:http';
import { metrics, SpanKind, type Attributes, type Counter, type Histogram, type Meter, type ObservableResult } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { useMeterProviderForInstrumentations } from './instrumentations.js';
import { withSpan } from './tracing.js';

export interface MetricsOptions {
  serviceName: string;
  /** OTLP/HTTP endpoint (e.g. http://otel-collector:4318): metrics are also pushed there when set. */
  otlpEndpoint?: string;
  /** Push interval of the OTLP reader. */
  exportIntervalMs?: number;
}

const SERVICE_NAME_LABEL = /^service\.name$/;

let provider: MeterProvider | undefined;
let prometheus: PrometheusExporter | undefined;
let instruments: Instruments | undefined;

/**
 * Starts the process's OpenTelemetry MeterProvider once (like initTelemetry): a Prometheus reader always, served by
 * each service on `GET /metrics` of its HTTP port (pull: Kubernetes annotations, Prometheus), and an OTLP/HTTP
 * push reader when `otlpEndpoint` is set (compose: the collector). A second call keeps the first provider.
 */
export const initMetrics = (options: MetricsOptions): void => {
  if (provider) return;
  // service_name on every series: the same labels whether Prometheus scrapes /metrics or the collector.
  prometheus = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true, withResourceConstantLabels: SERVICE_NAME_LABEL });
  const readers: IMetricReader[] = [prometheus];
  if (options.otlpEndpoint) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/metrics` }),
        exportIntervalMillis: options.exportIntervalMs ?? 15_000,
      }),
    );
  }
  provider = new MeterProvider({ resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }), readers });
  metrics.setGlobalMeterProvider(provider);
  useMeterProviderForInstrumentations(provider);
  instruments = undefined;
};

export const shutdownMetrics = async (): Promise<void> => {
  await provider?.shutdown();
  metrics.disable();
  provider = undefined;
  prometheus = undefined;
  instruments = undefined;
  consumerLag.clear();
  headroom.clear();
};

/** Pushes the metrics recorded since the last OTLP export (a service's close; the provider stays usable). */
export const flushMetrics = async (): Promise<void> => {
  await provider?.forceFlush();
};

/** The process's metrics in the Prometheus text format (what `GET /metrics` answers). */
export const renderPrometheusMetrics = async (): Promise<string> => {
  if (!prometheus) return '';
  const { resourceMetrics } = await prometheus.collect();
  return new PrometheusSerializer(undefined, undefined, SERVICE_NAME_LABEL, undefined, true).serialize(resourceMetrics);
};

/** Node request handler answering the Prometheus scrape (404 before initMetrics). */
export const handleMetricsRequest = (request: IncomingMessage, response: ServerResponse): void => {
  if (!prometheus) {
    response.statusCode = 404;
    response.end('# metrics are not initialised\n');
    return;
  }
  prometheus.getMetricsRequestHandler(request, response);
};

// ---------------------------------------------------------------------------------------------------------------
// smartlic's metrics. Prometheus shows the OTel names with underscores (smartlic.jobs → smartlic_jobs_total).
// Histograms carry the unit in their name so that /metrics (the JS exporter adds no unit suffix) and the
// collector's Prometheus exporter (which adds one unless present) give the same series names.
// Attribute values are HCM-F's words.

export type CallOutcome = 'success' | 'error';
export type LicenseHeadroomScope = 'virtual_account' | 'customer';

export interface ConsumerLagSample {
  stream: string;
  consumer: string;
  /** Messages not yet delivered to the consumer (JetStream num_pending). */
  pending: number;
  /** Delivered but not yet acknowledged (num_ack_pending). */
  ackPending: number;
  /** Messages delivered more than once (num_redelivered). */
  redelivered: number;
}

export interface LicenseHeadroomSample {
  /** Virtual account name, or customer name, by scope. */
  name: string;
  /** License (entitlement) name, e.g. "UC Manager Enhanced License (12.x)". */
  license: string;
  /** Available minus in use; negative when out of compliance. */
  headroom: number;
}

interface Instruments {
  jobs: Counter;
  syncDuration: Histogram;
  cssmCallDuration: Histogram;
  cssmCallErrors: Counter;
  applicationCallDuration: Histogram;
  applicationCallErrors: Counter;
}

const consumerLag = new Map<string, ConsumerLagSample>();
const headroom = new Map<LicenseHeadroomScope, LicenseHeadroomSample[]>();

const CALL_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const SYNC_BUCKETS_S = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

const meter = (): Meter => metrics.getMeter('smartlic');

// Created on first use after initMetrics: the metrics API has no proxy provider, so instruments made before
// setGlobalMeterProvider would stay no-ops.
const get = (): Instruments => {
  if (instruments) return instruments;
  const m = meter();
  instruments = {
    jobs: m.createCounter('smartlic.jobs', { description: 'Job status changes by job type and status (HCM-F Jobs page)' }),
    syncDuration: m.createHistogram('smartlic.sync.duration.seconds', {
      description: 'Duration of smart-account syncs with CSSM or SSM On-Prem',
      unit: 's',
      advice: { explicitBucketBoundaries: SYNC_BUCKETS_S },
    }),
    cssmCallDuration: m.createHistogram('smartlic.cssm.call.duration.seconds', {
      description: 'Latency of calls to CSSM or SSM On-Prem by operation and outcome',
      unit: 's',
      advice: { explicitBucketBoundaries: CALL_BUCKETS_S },
    }),
    cssmCallErrors: m.createCounter('smartlic.cssm.call.errors', { description: 'Failed CSSM or SSM On-Prem calls by operation and error code' }),
    applicationCallDuration: m.createHistogram('smartlic.application.call.duration.seconds', {
      description: 'Latency of calls to UC applications (smart agent, AXL) by application type, operation and outcome',
      unit: 's',
      advice: { explicitBucketBoundaries: CALL_BUCKETS_S },
    }),
    applicationCallErrors: m.createCounter('smartlic.application.call.errors', {
      description: 'Failed UC application calls by application type, operation and error code',
    }),
  };
  const observe = (result: ObservableResult, pick: (s: ConsumerLagSample) => number) => {
    for (const s of consumerLag.values()) result.observe(pick(s), { stream: s.stream, consumer: s.consumer });
  };
  m.createObservableGauge('smartlic.consumer.lag', { description: 'Messages not yet delivered to a durable JetStream consumer (num_pending)' }).addCallback((r) =>
    observe(r, (s) => s.pending),
  );
  m.createObservableGauge('smartlic.consumer.ack_pending', { description: 'Messages delivered to a durable consumer and not yet acknowledged' }).addCallback((r) =>
    observe(r, (s) => s.ackPending),
  );
  m.createObservableGauge('smartlic.consumer.redelivered', { description: 'Messages a durable consumer received more than once' }).addCallback((r) =>
    observe(r, (s) => s.redelivered),
  );
  m.createObservableGauge('smartlic.license.headroom', {
    description: 'Licenses available minus licenses in use, per virtual account or per customer (negative: out of compliance)',
  }).addCallback((r) => {
    for (const [scope, samples] of headroom) for (const s of samples) r.observe(s.headroom, { scope, name: s.name, license: s.license });
  });
  return instruments;
};

/** The catalogue code of an error (SmartlicException, CommandFailedError, ...) or `UNKNOWN`. */
export const errorCodeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : 'UNKNOWN';
};

/** A job reached a status (`Queued`, `In Progress`, `Succeeded`, `Failed`, ...). */
export const recordJob = (job: { jobType: string; status: string }): void => {
  get().jobs.add(1, { job_type: job.jobType, status: job.status });
};

/** One smart-account sync finished. */
export const recordSyncDuration = (seconds: number, attributes: { outcome: CallOutcome; transportMode?: string }): void => {
  const attrs: Attributes = { outcome: attributes.outcome };
  if (attributes.transportMode) attrs.transport_mode = attributes.transportMode;
  get().syncDuration.record(seconds, attrs);
};

/** One call to CSSM or SSM On-Prem; `errorCode` (catalogue or HTTP code) when it failed. */
export const recordCssmCall = (call: { operation: string; seconds: number; errorCode?: string }): void => {
  const i = get();
  i.cssmCallDuration.record(call.seconds, { operation: call.operation, outcome: call.errorCode ? 'error' : 'success' });
  if (call.errorCode) i.cssmCallErrors.add(1, { operation: call.operation, code: call.errorCode });
};

/** One call to a UC application (cucm, cuc, cer, expressway); `errorCode` when it failed. */
export const recordApplicationCall = (call: { applicationType: string; operation: string; seconds: number; errorCode?: string }): void => {
  const i = get();
  const attrs = { application_type: call.applicationType, operation: call.operation };
  i.applicationCallDuration.record(call.seconds, { ...attrs, outcome: call.errorCode ? 'error' : 'success' });
  if (call.errorCode) i.applicationCallErrors.add(1, { ...attrs, code: call.errorCode });
};

const timed = async <T>(fn: () => Promise<T>, record: (seconds: number, errorCode?: string) => void): Promise<T> => {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  try {
    const result = await fn();
    record(seconds());
    return result;
  } catch (error) {
    record(seconds(), errorCodeOf(error));
    throw error;
  }
};

/**
 * Runs a CSSM call in a CLIENT span (`cssm <operation>`, so the operator's trace reaches CSSM) and records its
 * latency, and its error code (errorCodeOf) when it throws.
 */
export const measureCssmCall = <T>(operation: string, fn: () => Promise<T>): Promise<T> =>
  withSpan(`cssm ${operation}`, { kind: SpanKind.CLIENT, attributes: { 'smartlic.cssm.operation': operation } }, (span) =>
    timed(fn, (seconds, errorCode) => {
      if (errorCode) span.setAttribute('smartlic.error.code', errorCode);
      recordCssmCall({ operation, seconds, errorCode });
    }),
  );

/** Runs a UC application call in a CLIENT span (`<applicationType> <operation>`) and records its latency and error code. */
export const measureApplicationCall = <T>(applicationType: string, operation: string, fn: () => Promise<T>): Promise<T> =>
  withSpan(
    `${applicationType} ${operation}`,
    { kind: SpanKind.CLIENT, attributes: { 'smartlic.application.type': applicationType, 'smartlic.application.operation': operation } },
    (span) =>
      timed(fn, (seconds, errorCode) => {
        if (errorCode) span.setAttribute('smartlic.error.code', errorCode);
        recordApplicationCall({ applicationType, operation, seconds, errorCode });
      }),
  );

/** Latest JetStream figures of a durable consumer (libs/service-kit polls every consumer of the service). */
export const recordConsumerLag = (sample: ConsumerLagSample): void => {
  get();
  consumerLag.set(`${sample.stream}/${sample.consumer}`, { ...sample });
};

/** Replaces the license headroom of one scope (reporting recomputes the whole dashboard at once). */
export const setLicenseHeadroom = (scope: LicenseHeadroomScope, samples: readonly LicenseHeadroomSample[]): void => {
  get();
  headroom.set(scope, samples.map((s) => ({ ...s })));
};
