import { ProvisioningEvents } from '../provisioning.events.js';
import { customersNeededBy, eventsAwaitingCustomer } from '../provisioning.rules.js';

const cluster = (id: string, customerId: string, type: string = ProvisioningEvents.clusterCreated.type) => ({ type, data: { id, customerId } });
const customer = (id: string, type: string = ProvisioningEvents.customerCreated.type) => ({ type, data: { id, name: id } });

describe('the customer-exists rule', () => {
  it('keeps waiting the cluster creates and updates whose customer neither exists nor is created in the batch', () => {
    const events = [
      cluster('a', 'known'),
      cluster('b', 'unknown'),
      cluster('c', 'later', ProvisioningEvents.clusterUpdated.type),
      customer('later'),
      cluster('d', 'gone', ProvisioningEvents.clusterDeleted.type),
    ];
    expect(customersNeededBy(events)).toEqual(['known', 'unknown', 'later']);
    const waiting = eventsAwaitingCustomer(events, new Set(['known']));
    expect([...waiting.keys()]).toEqual([1]);
    expect(waiting.get(1)).toBe('customer-exists: customer unknown of cluster b does not exist (no customer.created applied, or the customer was deleted)');
  });

  it('a customer deletion does not make a customer exist', () => {
    expect([...eventsAwaitingCustomer([customer('x', ProvisioningEvents.customerDeleted.type), cluster('a', 'x')], new Set()).keys()]).toEqual([1]);
  });
});
