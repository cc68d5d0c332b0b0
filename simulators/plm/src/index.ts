export * from './plm.wire-format.js';
export * from './plm-scenario.schema.js';
export * from './plm.state.js';
export * from './plm.routes.js';
export * from './plm-paws.routes.js';
export * from './plm.simulator.js';
