export * from './catalogue.js';
export * from './error-codes.js';
export * from './error-kind.js';
export * from './smartlic-codes.js';
export * from './smartlic-error.js';
export * from './smart-agent-rest-errors.js';
