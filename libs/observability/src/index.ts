export * from './tracing.js';
export * from './logging.js';
export * from './metrics.js';
export * from './instrumentations.js';
export * from './telemetry-shutdown.js';
export * from './resilience-metrics.js';
