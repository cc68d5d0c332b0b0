import { CaaEvents } from './events/caa.events.js';
import { JobEvents } from './events/job.events.js';
import { defineConsumer, type ConsumerDefinition } from './messaging/streams.js';
import { STREAMS } from './messaging/stream-names.js';
import { eventSubject, PROVISIONING_ROOT } from './messaging/subjects.js';
import { LicenseModeEvents } from './events/license-mode.events.js';
import { RegistrationEvents } from './events/registration.events.js';

/** Durable consumers of every service, as data. Durable names are `<service>__<purpose>`. */
export const CONSUMERS = {
  registration: {
    provisioning: defineConsumer({ stream: STREAMS.provisioning, durable: 'registration__provisioning', filterSubject: `${PROVISIONING_ROOT}.>`, batch: { maxMessages: 1000 }, maxAckPending: 4_000 }),
    syncVirtualAccounts: defineConsumer({ stream: STREAMS.events, durable: 'registration__sync-virtual-accounts', filterSubject: eventSubject('sync', 'virtual-account', '*') }),
    syncSmartAccounts: defineConsumer({ stream: STREAMS.events, durable: 'registration__sync-smart-accounts', filterSubject: eventSubject('sync', 'smart-account', '*') }),
    vaLicenseModes: defineConsumer({ stream: STREAMS.events, durable: 'registration__va-license-modes', filterSubject: LicenseModeEvents.vaLicenseModeChanged.subject }),
    // Every registration and deregistration changes an agent's state: batches keep it one transaction per batch.
    smartAgentStates: defineConsumer({ stream: STREAMS.events, durable: 'registration__smart-agent-states', filterSubject: CaaEvents.smartAgentStatusChanged.subject, batch: { maxMessages: 500 }, maxAckPending: 2_000 }),
  },
  licenseMode: {
    vaAssignments: defineConsumer({ stream: STREAMS.events, durable: 'license-mode__va-assignments', filterSubject: RegistrationEvents.vaAssignmentsChanged.subject }),
    syncVirtualAccounts: defineConsumer({ stream: STREAMS.events, durable: 'license-mode__sync-virtual-accounts', filterSubject: eventSubject('sync', 'virtual-account', '*') }),
    // Which operational VA auto-registration targets: its license mode is HCS (nats-server 2.9: one filter subject each).
    smartAccountUpserted: defineConsumer({ stream: STREAMS.events, durable: 'license-mode__smart-account-upserted', filterSubject: eventSubject('sync', 'smart-account', 'upserted') }),
    smartAccountRemoved: defineConsumer({ stream: STREAMS.events, durable: 'license-mode__smart-account-removed', filterSubject: eventSubject('sync', 'smart-account', 'removed') }),
  },
  sync: {
    vaAssignments: defineConsumer({ stream: STREAMS.events, durable: 'sync__va-assignments', filterSubject: RegistrationEvents.vaAssignmentsChanged.subject }),
  },
  // reporting: one durable per event subject it projects (nats-server 2.9: one filter subject per consumer).
  reporting: {
    smartAccountUpserted: defineConsumer({ stream: STREAMS.events, durable: 'reporting__smart-account-upserted', filterSubject: eventSubject('sync', 'smart-account', 'upserted') }),
    smartAccountRemoved: defineConsumer({ stream: STREAMS.events, durable: 'reporting__smart-account-removed', filterSubject: eventSubject('sync', 'smart-account', 'removed') }),
    virtualAccounts: defineConsumer({ stream: STREAMS.events, durable: 'reporting__virtual-accounts', filterSubject: eventSubject('sync', 'virtual-account', '*') }),
    subscriptions: defineConsumer({ stream: STREAMS.events, durable: 'reporting__subscriptions', filterSubject: eventSubject('sync', 'subscription', '*') }),
    licenseSnapshots: defineConsumer({ stream: STREAMS.events, durable: 'reporting__license-snapshots', filterSubject: eventSubject('sync', 'license-snapshot', 'updated') }),
    customers: defineConsumer({ stream: STREAMS.events, durable: 'reporting__customers', filterSubject: eventSubject('registration', 'customer', '*') }),
    clusters: defineConsumer({ stream: STREAMS.events, durable: 'reporting__clusters', filterSubject: eventSubject('registration', 'cluster', '*') }),
    licenseUsage: defineConsumer({ stream: STREAMS.events, durable: 'reporting__license-usage', filterSubject: eventSubject('caa', 'license-usage', 'reported') }),
    jobs: defineConsumer({ stream: STREAMS.events, durable: 'reporting__jobs', filterSubject: JobEvents.updated.subject }),
    plmInventory: defineConsumer({ stream: STREAMS.events, durable: 'reporting__plm-inventory', filterSubject: eventSubject('registration', 'plm-inventory', 'reported') }),
    licenseManagers: defineConsumer({ stream: STREAMS.events, durable: 'reporting__license-managers', filterSubject: eventSubject('registration', 'license-manager', 'removed') }),
  },
  appAdapter: {
    provisioning: defineConsumer({ stream: STREAMS.provisioning, durable: 'app-adapter__provisioning', filterSubject: `${PROVISIONING_ROOT}.cluster.>`, batch: { maxMessages: 1000 }, maxAckPending: 4_000 }),
    /** The customers' proxies: a cluster without its own proxy registers through its customer's (with its credentials). */
    customers: defineConsumer({ stream: STREAMS.provisioning, durable: 'app-adapter__provisioning-customers', filterSubject: `${PROVISIONING_ROOT}.customer.>`, batch: { maxMessages: 1000 }, maxAckPending: 4_000 }),
  },
} as const satisfies Record<string, Record<string, ConsumerDefinition>>;
