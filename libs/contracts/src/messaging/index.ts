export * from './envelope.js';
export * from './subjects.js';
export * from './stream-names.js';
export * from './streams.js';
