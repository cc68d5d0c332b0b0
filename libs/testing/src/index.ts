export * from './test-environment.js';
export * from './provisioning-cluster.js';
