import { SMARTLIC_EVENT_DEFINITIONS } from './events/index.js';
import { eventsStreamDefinition, STREAM_DEFINITIONS, type StreamDefinition } from './messaging/streams.js';

/** All streams smartlic needs, with SMARTLIC_EVENTS listing every registered event subject. */
export const allStreamDefinitions = (): StreamDefinition[] => [
  ...STREAM_DEFINITIONS,
  eventsStreamDefinition([...new Set(SMARTLIC_EVENT_DEFINITIONS.map((e) => e.subject))]),
];
