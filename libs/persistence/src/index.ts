export * from './database.js';
export * from './service-data-source.js';
export * from './migration-runner.js';
export * from './messaging-tables.migration.js';
export * from './prepared-statement.js';
export * from './retention.js';
export * from './query-runner.js';
