export * from './licensing/index.js';
