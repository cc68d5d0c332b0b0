import { observedClusterStatus, type ObservedAgent, type StatusBasis } from '../observed-status.js';

const T0 = new Date('2026-12-01T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

const agent = (o: Partial<ObservedAgent> = {}): ObservedAgent => ({
  registrationStatus: 'registered',
  smartAccount: 'HCS Service Provider',
  virtualAccount: 'va-1',
  virtualAccounts: ['va-1'],
  registrationExpires: '2027-12-01T10:00:00Z',
  authorizationStatus: 'AUTHORIZED',
  authorizationExpires: '2027-01-01T10:00:00Z',
  nodes: [{ hostname: 'pub', address: '10.0.0.1', registrationStatus: 'registered', authorizationStatus: 'AUTHORIZED', smartAccount: 'HCS Service Provider', virtualAccount: 'va-1' }],
  checkedAt: later(60_000),
  ...o,
});

const node = (hostname: string, registrationStatus: 'registered' | 'deregistered' | 'evaluation', virtualAccount: string | null) => ({
  hostname,
  address: `${hostname}.example.com`,
  registrationStatus,
  authorizationStatus: registrationStatus === 'registered' ? 'AUTHORIZED' : null,
  smartAccount: registrationStatus === 'registered' ? 'HCS Service Provider' : null,
  virtualAccount,
});

const basis = (o: Partial<StatusBasis> = {}): StatusBasis => ({
  clusterType: 'cucm',
  assignedVirtualAccount: 'va-1',
  trigger: 'manual',
  lastJob: { jobType: 'Assign Cluster', trigger: 'manual', status: 'Succeeded', completedAt: T0, virtualAccount: 'va-1' },
  ...o,
});

const never = (o: Partial<StatusBasis> = {}): StatusBasis => basis({ assignedVirtualAccount: null, trigger: null, lastJob: null, ...o });

describe('View Cluster Summary: the status the smart agent state gives', () => {
  it('Manually Registered / Auto Registered: registered to the virtual account smartlic assigned', () => {
    expect(observedClusterStatus(agent(), basis())).toMatchObject({ status: 'Manually Registered', source: 'application', virtualAccount: 'va-1' });
    expect(observedClusterStatus(agent(), basis({ trigger: 'auto' }))).toMatchObject({ status: 'Auto Registered' });
  });

  it('a registration made outside smartlic is Manually Registered to the virtual account the agent names', () => {
    const outside = observedClusterStatus(agent({ virtualAccount: 'va-9', virtualAccounts: ['va-9'] }), never());
    expect(outside).toMatchObject({ status: 'Manually Registered', virtualAccount: 'va-9' });
    expect(outside!.description).toMatch(/outside smartlic/);
    const elsewhere = observedClusterStatus(agent({ virtualAccount: 'va-9', virtualAccounts: ['va-9'] }), basis());
    expect(elsewhere).toMatchObject({ status: 'Manually Registered', virtualAccount: 'va-9' });
    expect(elsewhere!.description).toMatch(/assigned the cluster to va-1/);
  });

  it('"Deregistered - clusters are not assigned to any virtual account": an eligible cluster never assigned shows its real state', () => {
    expect(observedClusterStatus(agent({ registrationStatus: 'evaluation', virtualAccount: null, virtualAccounts: [] }), never())).toMatchObject({
      status: 'Deregistered',
      description: 'Not registered to any virtual account',
      recommendedAction: null,
    });
  });

  it('a registration lost outside smartlic shows Deregistered, with the way back', () => {
    const lost = observedClusterStatus(agent({ registrationStatus: 'deregistered', virtualAccount: null, virtualAccounts: [] }), basis({ trigger: 'auto' }));
    expect(lost).toMatchObject({ status: 'Deregistered', recommendedAction: 'Assign the cluster again to register it', virtualAccount: null });
    expect(lost!.description).toMatch(/removed or lost outside smartlic/);
  });

  it('an expired registration shows Deregistered and when it expired', () => {
    const expired = observedClusterStatus(agent({ registrationExpires: '2026-11-30T00:00:00Z' }), basis());
    expect(expired).toMatchObject({ status: 'Deregistered', virtualAccount: null });
    expect(expired!.description).toBe('The registration to virtual account va-1 expired on 2026-11-30T00:00:00Z');
  });

  it('an expired authorization is said, with Renew Authorization', () => {
    expect(observedClusterStatus(agent({ authorizationStatus: 'AUTHORIZATION EXPIRED' }), basis())).toMatchObject({
      status: 'Manually Registered',
      description: 'Registered to virtual account va-1; authorization: AUTHORIZATION EXPIRED',
      recommendedAction: 'Renew Authorization of the cluster',
    });
  });

  it('"Partially Registered - All nodes of a cluster are not registered": Expressway nodes in different states', () => {
    const partial = observedClusterStatus(
      agent({ registrationStatus: 'partially-registered', nodes: [node('exp-1', 'registered', 'va-1'), node('exp-2', 'evaluation', null)] }),
      basis({ clusterType: 'expressway-c' }),
    );
    expect(partial).toMatchObject({ status: 'Partially Registered', virtualAccount: 'va-1' });
    expect(partial!.description).toBe('1 of 2 nodes are registered to virtual account va-1; not registered: exp-2');
  });

  it('"Multiple Virtual Account Registered ... where all the nodes are not registered to the same VA"', () => {
    const multiple = observedClusterStatus(
      agent({ registrationStatus: 'multiple-virtual-accounts', virtualAccount: null, virtualAccounts: ['va-1', 'va-2'], nodes: [node('exp-1', 'registered', 'va-1'), node('exp-2', 'registered', 'va-2')] }),
      never({ clusterType: 'expressway-e' }),
    );
    expect(multiple).toMatchObject({ status: 'Multiple Virtual Account Registered', virtualAccount: null });
    expect(multiple!.description).toBe('The nodes are registered to several virtual accounts (va-1, va-2): exp-1 to va-1, exp-2 to va-2');
    expect(multiple!.recommendedAction).toMatch(/Expressway application/);
  });

  it('"Partial and mutiple VA applies only to Expressway-E and C clusters": the job status stands for the others', () => {
    expect(observedClusterStatus(agent({ registrationStatus: 'partially-registered' }), basis({ clusterType: 'cucm' }))).toBeNull();
    expect(observedClusterStatus(agent({ registrationStatus: 'multiple-virtual-accounts' }), basis({ clusterType: 'cer' }))).toBeNull();
  });

  it('the job decides while it runs, and a state read before the job finished is older than its outcome', () => {
    expect(observedClusterStatus(agent(), basis({ lastJob: { jobType: 'Assign Cluster', trigger: 'auto', status: 'In Progress', completedAt: null, virtualAccount: 'va-1' } }))).toBeNull();
    expect(observedClusterStatus(agent(), basis({ lastJob: { jobType: 'Unassign Cluster', trigger: 'manual', status: 'Queued', completedAt: null, virtualAccount: 'va-1' } }))).toBeNull();
    expect(observedClusterStatus(agent({ checkedAt: later(-1) }), basis())).toBeNull();
    expect(observedClusterStatus(agent({ checkedAt: T0 }), basis())).toBeNull();
    expect(observedClusterStatus(agent({ registrationStatus: 'unknown' }), basis())).toBeNull();
  });

  it('a failed assignment stands ("Manual Registration Failed" outranks every state but multiple VAs) until its virtual account is observed', () => {
    const failed = basis({ lastJob: { jobType: 'Assign Cluster', trigger: 'manual', status: 'Failed', completedAt: T0, virtualAccount: 'va-1' } });
    expect(observedClusterStatus(agent({ registrationStatus: 'evaluation', virtualAccount: null, virtualAccounts: [] }), failed)).toMatchObject({
      status: 'Manual Registration Failed',
      source: 'job',
      // Never registered by smartlic: nothing was lost.
      description: 'The application reports the cluster is not registered (assigned to virtual account va-1)',
    });
    expect(observedClusterStatus(agent({ virtualAccount: 'va-2', virtualAccounts: ['va-2'] }), failed)).toMatchObject({ status: 'Manual Registration Failed', source: 'job' });
    expect(observedClusterStatus(agent(), failed)).toMatchObject({ status: 'Manually Registered', source: 'application' });
    const autoFailed = basis({ trigger: 'auto', lastJob: { jobType: 'Assign Cluster', trigger: 'auto', status: 'Failed', completedAt: T0, virtualAccount: 'va-1' } });
    expect(observedClusterStatus(agent({ registrationStatus: 'deregistered' }), autoFailed)).toMatchObject({ status: 'Auto Registration Failed' });
    expect(observedClusterStatus(agent(), autoFailed)).toMatchObject({ status: 'Auto Registered' });
    const expressway = basis({ clusterType: 'expressway-c', lastJob: failed.lastJob });
    expect(observedClusterStatus(agent({ registrationStatus: 'multiple-virtual-accounts', virtualAccount: null, virtualAccounts: ['va-1', 'va-2'] }), expressway)).toMatchObject({
      status: 'Multiple Virtual Account Registered',
      source: 'application',
    });
    expect(observedClusterStatus(agent({ registrationStatus: 'partially-registered', nodes: [node('a', 'registered', 'va-1'), node('b', 'evaluation', null)] }), expressway)).toMatchObject({
      status: 'Manual Registration Failed',
    });
  });

  it('a failed unassignment stands ("Deregistration Failed") until the cluster is observed not registered', () => {
    const failed = basis({ lastJob: { jobType: 'Unassign Cluster', trigger: 'manual', status: 'Failed', completedAt: T0, virtualAccount: 'va-1' } });
    expect(observedClusterStatus(agent(), failed)).toMatchObject({ status: 'Deregistration Failed', source: 'job' });
    expect(observedClusterStatus(agent({ registrationStatus: 'deregistered', virtualAccount: null, virtualAccounts: [] }), failed)).toMatchObject({ status: 'Deregistered', source: 'application' });
  });

  it('a failed renewal is no registration failure: the state shows', () => {
    const renewal = basis({ lastJob: { jobType: 'Renew ID', trigger: 'manual', status: 'Failed', completedAt: T0, virtualAccount: 'va-1' } });
    expect(observedClusterStatus(agent({ registrationStatus: 'deregistered' }), renewal)).toMatchObject({ status: 'Deregistered' });
  });
});
