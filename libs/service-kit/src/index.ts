export * from './tokens.js';
export * from './shutdown.state.js';
export * from './core.module.js';
export * from './health.controller.js';
export * from './rethrow-rpc-exception.filter.js';
export * from './http-tracing.middleware.js';
export * from './bootstrap-service.js';
export * from './public.decorator.js';
