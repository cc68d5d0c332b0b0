import { licenseUsageReportSchema, smartAgentStatusSchema } from '../commands/caa.commands.js';
import { eventSubject } from '../messaging/subjects.js';
import { STREAMS } from '../messaging/stream-names.js';
import { defineEvent } from './event-definition.js';

const stream = STREAMS.events;

/** Events of app-adapter (HCM-F's CAA services). */
export const CaaEvents = {
  /** License usage of one cluster as its application reports it (on schedule, on demand, or a license-usage command); reporting consumes it. */
  licenseUsageReported: defineEvent({
    type: 'smartlic.caa.license-usage.reported',
    subject: eventSubject('caa', 'license-usage', 'reported'),
    stream,
    schemaVersion: 1,
    schema: licenseUsageReportSchema,
    summary: 'License usage of a cluster, per license type, as the application reports it',
  }),
  /** A live read found the smart agent in another state than the last one stored. */
  smartAgentStatusChanged: defineEvent({
    type: 'smartlic.caa.smart-agent.status-changed',
    subject: eventSubject('caa', 'smart-agent', 'status-changed'),
    stream,
    schemaVersion: 1,
    schema: smartAgentStatusSchema,
    summary: 'Registration or authorization state of a cluster smart agent changed',
  }),
} as const;

/**
 * Core NATS notifications between app-adapter replicas (no stream captures them, nothing persists them): after a
 * replica has committed a change of the endpoint inventory, every replica drops the cached endpoints it names.
 */
export const AppAdapterBroadcasts = {
  /** Payload: `{ "clusterIds": string[] }`. */
  endpointsChanged: eventSubject('app-adapter', 'endpoints', 'changed'),
} as const;
