export * from './provisioning.schemas.js';
export * from './provisioning.events.js';
export * from './provisioning.commands.js';
export * from './provisioning.rules.js';
