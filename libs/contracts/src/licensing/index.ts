export * from './application-type.js';
export * from './license-mapping.js';
