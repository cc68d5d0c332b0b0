import type { AgentNodeState } from '../../../drivers/smart-agent.driver.js';
import { clusterRegistration } from '../cluster-registration-status.js';

const node = (hostname: string, va: string | null, expires = '2027-01-01T00:00:00.000Z'): AgentNodeState => ({
  hostname,
  address: `${hostname}.example.com`,
  registrationStatus: va ? 'registered' : 'evaluation',
  authorizationStatus: va ? 'AUTHORIZED' : 'EVALUATION MODE',
  smartAccount: va ? 'sa.example.com' : null,
  virtualAccount: va,
  registrationExpires: va ? expires : null,
  authorizationExpires: va ? expires : null,
});

describe('clusterRegistration (guide: Cluster Summary statuses)', () => {
  it('a cluster is registered when every node is registered to one virtual account', () => {
    expect(clusterRegistration([node('n1', 'va-a', '2027-02-01T00:00:00.000Z'), node('n2', 'va-a')])).toMatchObject({
      registrationStatus: 'registered',
      virtualAccount: 'va-a',
      virtualAccounts: ['va-a'],
      registrationExpires: '2027-01-01T00:00:00.000Z',
    });
  });

  it('some nodes registered, others not: partially registered', () => {
    expect(clusterRegistration([node('n1', 'va-a'), node('n2', null)])).toMatchObject({ registrationStatus: 'partially-registered', virtualAccount: 'va-a' });
  });

  it('nodes registered to several virtual accounts: multiple virtual accounts, even when one node is unregistered', () => {
    expect(clusterRegistration([node('n1', 'va-a'), node('n2', 'va-b'), node('n3', null)])).toMatchObject({
      registrationStatus: 'multiple-virtual-accounts',
      virtualAccount: null,
      virtualAccounts: ['va-a', 'va-b'],
    });
  });

  it('no node registered: evaluation, or deregistered when an agent says so', () => {
    expect(clusterRegistration([node('n1', null)]).registrationStatus).toBe('evaluation');
    expect(clusterRegistration([{ ...node('n1', null), registrationStatus: 'deregistered' }]).registrationStatus).toBe('deregistered');
    expect(clusterRegistration([]).registrationStatus).toBe('unknown');
  });
});
