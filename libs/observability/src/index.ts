export * from './tracing.js';
export * from './logging.js';
export * from './metrics.js';
export * from './resilience-metrics.js';
