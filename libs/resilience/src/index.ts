export * from './backoff.js';
export * from './delay.js';
export * from './remote-policy.js';
export * from './retry-after.js';
