// `npm run bench:metrics`: what the metrics helpers cost on a hot path. Baseline (same run): the same async call
// without instrumentation. Measured: measureApplicationCall (span + histogram), recordJob, and a scrape of
// /metrics with 1,000 license-headroom series. Last stdout line: one JSON object.
import { performance } from 'node:perf_hooks';
import {
  initMetrics,
  initTelemetry,
  measureApplicationCall,
  recordConsumerLag,
  recordJob,
  renderPrometheusMetrics,
  setLicenseHeadroom,
  shutdownMetrics,
} from '#libs/observability';

const CALLS = 200_000;
const SCRAPES = 50;

const perCallNs = async (n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number> => {
  for (let i = 0; i < 2_000; i++) await fn(i); // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return ((performance.now() - start) * 1e6) / n;
};

const main = async (): Promise<void> => {
  initTelemetry({ serviceName: 'bench-metrics' }); // tracer provider without exporter: spans carry ids but are not recorded
  initMetrics({ serviceName: 'bench-metrics' });
  const call = async () => 'ok';
  const operations = ['register', 'status', 'license-usage', 'transport.get'];

  const baselineNs = await perCallNs(CALLS, () => call());
  const measuredNs = await perCallNs(CALLS, (i) => measureApplicationCall('cucm', operations[i % 4], call));
  const recordJobNs = await perCallNs(CALLS, (i) => recordJob({ jobType: 'Auto Registration', status: i % 10 === 0 ? 'Failed' : 'Succeeded' }));

  setLicenseHeadroom(
    'virtual_account',
    Array.from({ length: 1_000 }, (_, i) => ({ name: `va-${i % 100}`, license: `license-${Math.floor(i / 100)}`, headroom: i })),
  );
  for (let i = 0; i < 50; i++) recordConsumerLag({ stream: 'SMARTLIC_EVENTS', consumer: `svc__c${i}`, pending: i, ackPending: 0, redelivered: 0 });
  await renderPrometheusMetrics();
  const scrapeStart = performance.now();
  let bytes = 0;
  for (let i = 0; i < SCRAPES; i++) bytes = (await renderPrometheusMetrics()).length;
  const scrapeMs = (performance.now() - scrapeStart) / SCRAPES;
  await shutdownMetrics();

  console.log(
    JSON.stringify({
      bench: 'metrics',
      calls: CALLS,
      baseline_call_ns: Math.round(baselineNs),
      measured_call_ns: Math.round(measuredNs),
      instrumentation_overhead_ns: Math.round(measuredNs - baselineNs),
      record_job_ns: Math.round(recordJobNs),
      scrape_ms_1000_headroom_series: Number(scrapeMs.toFixed(2)),
      scrape_bytes: bytes,
    }),
  );
};

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
