export * from './catalogue.js';
export * from './smartlic-error.js';
export * from './smart-agent-rest-errors.js';
