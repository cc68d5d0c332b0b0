import { defineConsumer, type ConsumerDefinition } from './messaging/streams.js';
import { STREAMS } from './messaging/stream-names.js';
import { PROVISIONING_ROOT } from './messaging/subjects.js';

/** Durable consumers of every service, as data. Durable names are `<service>__<purpose>`. */
export const CONSUMERS = {
  registration: {
    provisioning: defineConsumer({ stream: STREAMS.provisioning, durable: 'registration__provisioning', filterSubject: `${PROVISIONING_ROOT}.>` }),
  },
  appAdapter: {
    provisioning: defineConsumer({ stream: STREAMS.provisioning, durable: 'app-adapter__provisioning', filterSubject: `${PROVISIONING_ROOT}.cluster.>` }),
  },
} as const satisfies Record<string, Record<string, ConsumerDefinition>>;
