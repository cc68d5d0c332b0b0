export * from './env.builders.js';
export * from './load-config.js';
export * from './base-service-config.schema.js';
export * from './provisioning-consumer-config.js';
export * from './describe-config-schema.js';
export * from './config.module.js';
