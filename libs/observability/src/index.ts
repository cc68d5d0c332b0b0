export * from './tracing.js';
export * from './logging.js';
export * from './metrics.js';
