export * from './tracing.js';
export * from './logging.js';
