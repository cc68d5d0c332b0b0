import type { IncomingMessage } from 'node:http';
import type { MeterProvider } from '@opentelemetry/api';
import { registerInstrumentations, type InstrumentationBase } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

/** Paths that get no SERVER span: probes and scrapes, every few seconds, would drown the traces. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

let registered: InstrumentationBase[] | undefined;

/**
 * OpenTelemetry's instrumentations of the HTTP server and client (`http`), of Node's fetch (`undici`) and of
 * `pg`. They hook `require` (pg, express and Nest are CommonJS): a service's `main.ts` calls this first and imports
 * the rest dynamically after it, or `http` and `pg` may be loaded unpatched. Spans go to the global tracer
 * provider, which `initTelemetry` sets later (until then they are no-ops).
 *
 * Client spans (pg, fetch, outgoing http) only inside a span of ours: the outbox relay's and the lag monitor's
 * polling would otherwise start a trace per query. Query text is kept, bound values never (they carry secrets).
 *
 * `clientSpans: false` leaves pg and fetch unpatched: a service whose traces go nowhere (no OTLP endpoint) would pay
 * for their spans and metrics on every query and call, about a tenth of the CPU of an assignment (bench:assign: 220
 * against 200 clusters/s). The http instrumentation stays: its SERVER spans give the gateway's `traceresponse` and its
 * metric `http.server.request.duration`.
 */
export const registerAutoInstrumentations = (options: { clientSpans?: boolean } = {}): void => {
  if (registered) return;
  registered = [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.has((request.url ?? '/').split('?')[0]),
      requireParentforOutgoingSpans: true,
    }),
    ...(options.clientSpans === false
      ? []
      : [new UndiciInstrumentation({ requireParentforSpans: true }), new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false })]),
  ];
  registerInstrumentations({ instrumentations: registered });
};

/** What a service's `main.ts` registers: client spans only when its traces are exported (OTEL_EXPORTER_OTLP_ENDPOINT). */
export const registerServiceInstrumentations = (env: NodeJS.ProcessEnv = process.env): void =>
  registerAutoInstrumentations({ clientSpans: Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT) });

/**
 * The instrumentations' own metrics (`http.server.request.duration` by route template, ...) into the provider that
 * initMetrics starts later: they took the global one when registered, a no-op then (the metrics API has no proxy).
 */
export const useMeterProviderForInstrumentations = (provider: MeterProvider): void => {
  for (const instrumentation of registered ?? []) instrumentation.setMeterProvider(provider);
};

/**
 * Applies the instrumentations to modules a host loaded past the `require` hook (jest's module registry, where
 * integration specs start services in-process): `{ http, pg }`, as the host loaded them. Returns the undo (a jest
 * worker shares `http` between spec files: each file's instrumentations must leave it as they found it).
 * Services never need it.
 */
export const instrumentLoadedModules = (modules: Record<string, unknown>): (() => void) => {
  const patched: { unpatch?: (exports: unknown) => unknown; exports: unknown }[] = [];
  for (const instrumentation of registered ?? []) {
    for (const definition of instrumentation.getModuleDefinitions()) {
      if (!(definition.name in modules)) continue;
      definition.patch?.(modules[definition.name]);
      patched.push({ unpatch: definition.unpatch, exports: modules[definition.name] });
    }
  }
  return () => {
    for (const { unpatch, exports } of patched.reverse()) unpatch?.(exports);
  };
};

/** Stops every instrumentation (unhooks `require`, unsubscribes from undici's diagnostics channels). */
export const disableAutoInstrumentations = (): void => {
  for (const instrumentation of registered ?? []) instrumentation.disable();
  registered = undefined;
};
