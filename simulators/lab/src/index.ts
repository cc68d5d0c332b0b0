export * from './lab.js';
export * from './scenario.js';
