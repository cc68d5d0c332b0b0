import { assignRuleFailure, clusterRuleFailure, renewRuleFailure, unassignRuleFailure, type ClusterFacts } from '../assignment.rules.js';
import type { ClusterRegistration } from '../../jobs/cluster-registration.repository.js';

const cluster = (o: Partial<ClusterFacts> = {}): ClusterFacts => ({
  id: 'cl-1',
  name: 'CUCM 1',
  customerId: 'cust-1',
  type: 'cucm',
  version: '14.0.1',
  licensing: 'smart',
  nodes: [{ hostname: 'pub', address: '10.0.0.1', publisher: true }],
  hasAdminCredentials: true,
  hasPlatformCredentials: true,
  proxy: null,
  customerProxy: null,
  licenseManagerId: null,
  ...o,
});

const registration = (o: Partial<ClusterRegistration> = {}): ClusterRegistration => ({
  clusterId: 'cl-1',
  customerId: 'cust-1',
  clusterType: 'cucm',
  virtualAccountId: 'va-1',
  smartAccountId: 'sa-1',
  virtualAccount: 'VA One',
  status: 'Manually Registered',
  trigger: 'manual',
  lastJobId: null,
  ...o,
});

describe('Assign and Unassign a Cluster to Virtual Account: validation codes', () => {
  it.each([
    ['SLMCT1006 a UC application below 12.5', cluster({ version: '12.0' }), 'SLMCT1006'],
    ['SLMCT1006 an Expressway below X12.6', cluster({ type: 'expressway-c', version: 'X12.5' }), 'SLMCT1006'],
    ['SLMCT1015 an Expressway not in smart licensing mode', cluster({ type: 'expressway-e', version: 'X14.0', licensing: 'pak' }), 'SLMCT1015'],
    ['SLMCT1008 a cluster without an application node', cluster({ nodes: [] }), 'SLMCT1008'],
    ['SLMCT1012 a cluster without a publisher', cluster({ nodes: [{ hostname: 'sub', address: '10.0.0.2', publisher: false }] }), 'SLMCT1012'],
    ['SLMCT1014 a cluster without admin credentials', cluster({ hasAdminCredentials: false }), 'SLMCT1014'],
    ['SLMCT1013 a cluster without platform credentials', cluster({ hasPlatformCredentials: false }), 'SLMCT1013'],
  ])('rejects %s', (_name, c, code) => {
    expect(clusterRuleFailure(c)?.code).toBe(code);
  });

  it('SLMCT1006 says why: 11.x and earlier register through PLM, 12.0-12.4 must be upgraded to 12.5(x) first', () => {
    expect(clusterRuleFailure(cluster({ version: '11.5.1' }))).toEqual({ code: 'SLMCT1006', reason: expect.stringContaining('register through PLM') });
    expect(clusterRuleFailure(cluster({ type: 'cuc', version: '12.0.1' }))).toEqual({ code: 'SLMCT1006', reason: expect.stringContaining('upgrade the cluster to 12.5(x)') });
    expect(clusterRuleFailure(cluster({ type: 'cer', version: '12.4' }))?.code).toBe('SLMCT1006');
  });

  it('accepts a Unified CM 12.5 and an Expressway X12.6 in smart licensing mode without platform credentials', () => {
    expect(clusterRuleFailure(cluster({ version: '12.5' }))).toBeNull();
    expect(clusterRuleFailure(cluster({ type: 'expressway-c', version: 'X12.6', hasPlatformCredentials: false }))).toBeNull();
  });

  it('SLMCT1007: a cluster already assigned, to this or another virtual account, or with a running job', () => {
    expect(assignRuleFailure(cluster(), registration(), 'va-1', false)?.code).toBe('SLMCT1007');
    expect(assignRuleFailure(cluster(), registration({ virtualAccountId: 'va-2' }), 'va-1', false)?.code).toBe('SLMCT1007');
    expect(assignRuleFailure(cluster(), undefined, 'va-1', true)?.code).toBe('SLMCT1007');
    expect(assignRuleFailure(cluster(), registration({ virtualAccountId: null, status: 'Multiple Virtual Account Registered' }), 'va-1', false)?.code).toBe('SLMCT1007');
  });

  it('a failed registration to the same virtual account may be assigned again', () => {
    expect(assignRuleFailure(cluster(), registration({ status: 'Manual Registration Failed' }), 'va-1', false)).toBeNull();
    expect(assignRuleFailure(cluster(), registration({ virtualAccountId: null, status: 'Deregistered' }), 'va-1', false)).toBeNull();
  });

  it('a cluster whose virtual account was removed in CSSM can be reassigned to another one, and unassigned from the removed one', () => {
    expect(assignRuleFailure(cluster(), registration({ virtualAccountRemoved: true }), 'va-2', false)).toBeNull();
    expect(assignRuleFailure(cluster(), registration({ virtualAccountRemoved: true }), 'va-2', true)?.code).toBe('SLMCT1007');
    expect(unassignRuleFailure(registration({ virtualAccountRemoved: true }), 'va-1', false)).toBeNull();
  });

  it('SLMCT1011: unassigning a cluster that is not assigned to the virtual account', () => {
    expect(unassignRuleFailure(registration({ virtualAccountId: null }), 'va-1', false)?.code).toBe('SLMCT1011');
    expect(unassignRuleFailure(registration({ virtualAccountId: 'va-2' }), 'va-1', false)?.code).toBe('SLMCT1011');
    expect(unassignRuleFailure(registration(), 'va-1', false)).toBeNull();
  });

  it('"For clusters registered as multiple VA registered, you cannot assign/unassign clusters": the last read of the agent says so', () => {
    const observed = { status: 'Multiple Virtual Account Registered' as const, virtualAccountId: null, registrationStatus: 'multiple-virtual-accounts', virtualAccounts: ['va-1', 'va-2'] };
    const assign = assignRuleFailure(cluster({ type: 'expressway-c', version: 'X14.0' }), registration({ virtualAccountId: null, status: null, observed }), 'va-1', false);
    expect(assign).toEqual({ code: 'SLMCT1007', reason: 'registered to several virtual accounts (va-1, va-2): use the Expressway application' });
    const unassign = unassignRuleFailure(registration({ observed }), 'va-1', false);
    expect(unassign).toEqual({ code: 'SLMCT1011', reason: 'registered to several virtual accounts (va-1, va-2): use the Expressway application' });
    // Fixed on the Expressway since: the newer read lifts the refusal the job's status would keep.
    const fixed = { status: 'Manually Registered' as const, virtualAccountId: 'va-1', registrationStatus: 'registered', virtualAccounts: ['va-1'] };
    expect(unassignRuleFailure(registration({ status: 'Multiple Virtual Account Registered', observed: fixed }), 'va-1', false)).toBeNull();
  });

  it('a registration lost or expired since may be assigned again to the same virtual account', () => {
    const lost = { status: 'Deregistered' as const, virtualAccountId: null, registrationStatus: 'deregistered', virtualAccounts: [] };
    expect(assignRuleFailure(cluster(), registration({ observed: lost }), 'va-1', false)).toBeNull();
    expect(assignRuleFailure(cluster(), registration({ observed: lost }), 'va-2', false)?.code).toBe('SLMCT1007');
  });

  it('a cluster registered to a virtual account outside smartlic can be unassigned from it', () => {
    const outside = { status: 'Manually Registered' as const, virtualAccountId: 'va-3', registrationStatus: 'registered', virtualAccounts: ['va-3'] };
    expect(unassignRuleFailure(registration({ virtualAccountId: null, status: null, observed: outside }), 'va-3', false)).toBeNull();
    expect(unassignRuleFailure(registration({ virtualAccountId: null, status: null, observed: outside }), 'va-1', false)?.code).toBe('SLMCT1011');
  });

  it('renewals need an assigned cluster', () => {
    expect(renewRuleFailure(registration({ virtualAccountId: null }), false)?.code).toBe('SLMCT1011');
    expect(renewRuleFailure(registration(), false)).toBeNull();
  });
});
