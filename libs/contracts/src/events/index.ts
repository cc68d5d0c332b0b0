import { CaaEvents } from './caa.events.js';
import type { EventDefinition } from './event-definition.js';
import { JobEvents } from './job.events.js';
import { LicenseModeEvents } from './license-mode.events.js';
import { PlmEvents } from './plm.events.js';
import { RegistrationEvents } from './registration.events.js';
import { SyncEvents } from './sync.events.js';

export * from './caa.events.js';
export * from './event-definition.js';
export * from './event-parser.js';
export * from './job.events.js';
export * from './license-mode.events.js';
export * from './live.events.js';
export * from './plm.events.js';
export * from './registration.events.js';
export * from './sync.events.js';

/** Every smartlic (internal) event; the SMARTLIC_EVENTS stream lists exactly these subjects. */
export const SMARTLIC_EVENT_DEFINITIONS: readonly EventDefinition[] = [
  ...Object.values(JobEvents),
  ...Object.values(RegistrationEvents),
  ...Object.values(SyncEvents),
  ...Object.values(LicenseModeEvents),
  ...Object.values(CaaEvents),
  ...Object.values(PlmEvents),
];
