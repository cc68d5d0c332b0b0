import { ProvisioningEvents } from './provisioning.events.js';

/**
 * Business rules of the provisioning contract that need the consumer's state (the stateless ones are in the
 * EventParser). One place, used by every consumer of cluster events (registration, app-adapter), so all apply or refuse the same message.
 */

/** Rule names as they appear in dead-letter reasons (searchable in the DLQ and the logs). */
export const PROVISIONING_RULES = { customerExists: 'customer-exists' } as const;

/** The default wait window of the customer-exists rule (PROVISIONING_CUSTOMER_WAIT of registration and app-adapter). */
export const CUSTOMER_WAIT_DEFAULT = '5m';

/** The events the customer-exists rule applies to: a cluster's create or update names its customer. */
const NEEDS_CUSTOMER: ReadonlySet<string> = new Set([ProvisioningEvents.clusterCreated.type, ProvisioningEvents.clusterUpdated.type]);

/** The reason a cluster event waits, and the reason it is dead-lettered with when its customer never comes. */
export const customerMissingReason = (customerId: string, clusterId: string): string =>
  `${PROVISIONING_RULES.customerExists}: customer ${customerId} of cluster ${clusterId} does not exist (no customer.created applied, or the customer was deleted)`;

/**
 * The customer-exists rule: a cluster.created/updated whose customer the consumer does not know (never created, or
 * deleted) is neither applied nor lost. It waits, redelivered on the consumer's backoff stretched over the wait
 * window, because provisioning systems may publish a cluster just before its customer; when the window ends (the
 * consumer's last delivery) it is dead-lettered once with `customerMissingReason`.
 *
 * `events` are a batch in stream order; a customer created anywhere in the same batch counts as existing (a
 * consumer applies a batch's customers before its clusters). Returns the indexes of the events that must wait,
 * with their reason.
 */
export const eventsAwaitingCustomer = (
  events: readonly { type: string; data: unknown }[],
  existingCustomers: ReadonlySet<string>,
  createdInBatch: ReadonlySet<string> = customersCreatedIn(events),
): Map<number, string> => {
  const waiting = new Map<number, string>();
  events.forEach((e, i) => {
    if (!NEEDS_CUSTOMER.has(e.type)) return;
    const { id, customerId } = e.data as { id: string; customerId: string };
    if (!existingCustomers.has(customerId) && !createdInBatch.has(customerId)) waiting.set(i, customerMissingReason(customerId, id));
  });
  return waiting;
};

/** The customer ids a cluster event of the batch needs (what the consumer looks up). */
export const customersNeededBy = (events: readonly { type: string; data: unknown }[]): string[] => [
  ...new Set(events.filter((e) => NEEDS_CUSTOMER.has(e.type)).map((e) => (e.data as { customerId: string }).customerId)),
];

const customersCreatedIn = (events: readonly { type: string; data: unknown }[]): Set<string> =>
  new Set(
    events
      .filter((e) => e.type === ProvisioningEvents.customerCreated.type || e.type === ProvisioningEvents.customerUpdated.type)
      .map((e) => (e.data as { id: string }).id),
  );
