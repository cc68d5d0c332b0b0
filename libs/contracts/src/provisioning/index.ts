export * from './provisioning.schemas.js';
export * from './provisioning.events.js';
