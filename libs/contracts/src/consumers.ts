import { defineConsumer, type ConsumerDefinition } from './messaging/streams.js';
import { STREAMS } from './messaging/stream-names.js';
import { eventSubject, PROVISIONING_ROOT } from './messaging/subjects.js';
import { LicenseModeEvents } from './events/license-mode.events.js';
import { RegistrationEvents } from './events/registration.events.js';

/** Durable consumers of every service, as data. Durable names are `<service>__<purpose>`. */
export const CONSUMERS = {
  registration: {
    provisioning: defineConsumer({ stream: STREAMS.provisioning, durable: 'registration__provisioning', filterSubject: `${PROVISIONING_ROOT}.>` }),
    syncVirtualAccounts: defineConsumer({ stream: STREAMS.events, durable: 'registration__sync-virtual-accounts', filterSubject: eventSubject('sync', 'virtual-account', '*') }),
    syncSmartAccounts: defineConsumer({ stream: STREAMS.events, durable: 'registration__sync-smart-accounts', filterSubject: eventSubject('sync', 'smart-account', '*') }),
    vaLicenseModes: defineConsumer({ stream: STREAMS.events, durable: 'registration__va-license-modes', filterSubject: LicenseModeEvents.vaLicenseModeChanged.subject }),
  },
  licenseMode: {
    vaAssignments: defineConsumer({ stream: STREAMS.events, durable: 'license-mode__va-assignments', filterSubject: RegistrationEvents.vaAssignmentsChanged.subject }),
    syncVirtualAccounts: defineConsumer({ stream: STREAMS.events, durable: 'license-mode__sync-virtual-accounts', filterSubject: eventSubject('sync', 'virtual-account', '*') }),
  },
  sync: {
    vaAssignments: defineConsumer({ stream: STREAMS.events, durable: 'sync__va-assignments', filterSubject: RegistrationEvents.vaAssignmentsChanged.subject }),
  },
  appAdapter: {
    provisioning: defineConsumer({ stream: STREAMS.provisioning, durable: 'app-adapter__provisioning', filterSubject: `${PROVISIONING_ROOT}.cluster.>` }),
  },
} as const satisfies Record<string, Record<string, ConsumerDefinition>>;
