export * from './key-ring.js';
export * from './secret-box.js';
export * from './generate-key.js';
export * from './provisioning-keys.js';
