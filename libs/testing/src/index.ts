export * from './test-environment.js';
export * from './provisioning-cluster.js';
export * from './private-servers.js';
