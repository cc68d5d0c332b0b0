export * from './application-type.js';
export * from './license-mapping.js';
export * from './eligibility.js';
