import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { flushTelemetryAndMetrics, initTelemetry, shutdownTelemetry, shutdownTelemetryAndMetrics, tracer } from '../index.js';

/** A collector that answers only when told (after the service gave up on it). */
const slowCollector = () => {
  let answer: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const exporter: SpanExporter = { export: () => undefined, forceFlush: () => answered, shutdown: () => answered };
  return { exporter, answer };
};

describe('telemetry at shutdown', () => {
  afterEach(() => shutdownTelemetryAndMetrics(100));

  it('exports the spans still buffered when a service closes', async () => {
    const exporter = new InMemorySpanExporter();
    initTelemetry({ serviceName: 'shutdown-spec', spanExporter: exporter });
    tracer().startSpan('last request').end();
    expect(await flushTelemetryAndMetrics()).toBe(true);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['last request']);
  });

  it('gives up after its timeout when the collector does not answer, so the service still stops', async () => {
    await shutdownTelemetry();
    const collector = slowCollector();
    initTelemetry({ serviceName: 'shutdown-spec', spanExporter: collector.exporter });
    tracer().startSpan('lost').end();
    const started = Date.now();
    expect(await flushTelemetryAndMetrics(200)).toBe(false);
    expect(await shutdownTelemetryAndMetrics(200)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    collector.answer();
  });
});
