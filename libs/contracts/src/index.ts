export * from './licensing/index.js';
export * from './errors/index.js';
