import { JobEvents } from './job.events.js';
import { RegistrationEvents } from './registration.events.js';

/**
 * The events the operator console shows as they happen (the gateway's server-sent events, by their SSE event name):
 * every job's change (a batch's progress) and the Cluster Summary's status changes. The gateway reads them over core
 * NATS (at most once: a live view refetches what it shows after a reconnect), never as a durable consumer.
 */
export const LIVE_EVENTS = { job: JobEvents.updated, cluster: RegistrationEvents.clusterStatusChanged } as const;
export type LiveEventName = keyof typeof LIVE_EVENTS;
