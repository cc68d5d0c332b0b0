export * from './licensing/index.js';
export * from './errors/index.js';
export * from './messaging/index.js';
export * from './provisioning/index.js';
export * from './events/index.js';
export * from './commands/index.js';
export * from './consumers.js';
export * from './streams.js';
