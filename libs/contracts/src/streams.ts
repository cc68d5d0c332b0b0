import { SMARTLIC_EVENT_DEFINITIONS } from './events/index.js';
import { eventsStreamDefinition, STREAM_DEFINITIONS, type StreamDefinition } from './messaging/streams.js';

/** All streams smartlic needs, with SMARTLIC_EVENTS listing every registered event subject. */
export const allStreamDefinitions = (): StreamDefinition[] => [
  ...STREAM_DEFINITIONS,
  eventsStreamDefinition([...new Set(SMARTLIC_EVENT_DEFINITIONS.map((e) => e.subject))]),
];

/**
 * The longest de-duplication window of smartlic's streams: an outbox row or an inbox record must outlive it, or a
 * republished message could be taken for a new one (retention settings are refused below it).
 */
export const LONGEST_DUPLICATE_WINDOW_MS = Math.max(...allStreamDefinitions().map((s) => s.duplicateWindowMs));
