import { z } from 'zod';
import { defineEvent } from './event-definition.js';
import { eventSubject } from '../messaging/subjects.js';
import { STREAMS } from '../messaging/stream-names.js';

const stream = STREAMS.events;

/**
 * How many clusters and customers are assigned to a virtual account, after every assignment change. sync uses it
 * to refuse transport changes while clusters are assigned (guide: "Set Transport Mode") and for the Virtual Account
 * Summary's clusters# and customers#.
 */
export const vaAssignmentsSchema = z.object({
  smartAccountId: z.string(),
  virtualAccount: z.string(),
  clusters: z.number().int().nonnegative(),
  customers: z.number().int().nonnegative(),
});
export type VaAssignments = z.infer<typeof vaAssignmentsSchema>;

export const RegistrationEvents = {
  vaAssignmentsChanged: defineEvent({
    type: 'smartlic.registration.va-assignments.changed',
    subject: eventSubject('registration', 'va-assignments', 'changed'),
    stream,
    schemaVersion: 1,
    schema: vaAssignmentsSchema,
    summary: 'Cluster and customer counts of a virtual account changed',
  }),
} as const;
