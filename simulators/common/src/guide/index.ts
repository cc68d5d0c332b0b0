export * from './license-mapping.js';
export * from './smart-agent-errors.js';
export * from './uc-applications.js';
