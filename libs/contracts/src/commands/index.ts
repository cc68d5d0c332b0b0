export * from './command-definition.js';
export * from './caa.commands.js';
export * from './registration.commands.js';
export * from './sync.commands.js';
export * from './license-mode.commands.js';
export * from './reporting.commands.js';
export * from './plm.commands.js';
