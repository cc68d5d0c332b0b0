import { clusterTypesForKeyword, prioritisedClusterStatus } from '#libs/contracts';
import { statusAfter } from '../job-outcome.recorder.js';
import { resolveTransportSettings } from '../transport-settings.js';

describe('View Cluster Summary: the prioritised status', () => {
  it('shows the highest-priority status of the guide', () => {
    expect(prioritisedClusterStatus(['Manually Registered', 'Partially Registered'])).toBe('Partially Registered');
    expect(prioritisedClusterStatus(['Manual Registration Failed', 'Multiple Virtual Account Registered'])).toBe('Multiple Virtual Account Registered');
    expect(prioritisedClusterStatus([null, undefined])).toBeNull();
  });

  it('a finished job leaves Manually Registered, Auto Registered, Manual Registration Failed, Deregistered or Deregistration Failed', () => {
    expect(statusAfter({ jobType: 'Assign Cluster', trigger: 'manual' }, true, 'registered', null)).toBe('Manually Registered');
    expect(statusAfter({ jobType: 'Assign Cluster', trigger: 'auto' }, true, 'registered', null)).toBe('Auto Registered');
    expect(statusAfter({ jobType: 'Assign Cluster', trigger: 'manual' }, false, 'partially-registered', null)).toBe('Manual Registration Failed');
    expect(statusAfter({ jobType: 'Assign Cluster', trigger: 'auto' }, false, undefined, null)).toBe('Auto Registration Failed');
    expect(statusAfter({ jobType: 'Assign Cluster', trigger: 'manual' }, false, 'multiple-virtual-accounts', null)).toBe('Multiple Virtual Account Registered');
    expect(statusAfter({ jobType: 'Unassign Cluster', trigger: 'manual' }, true, 'deregistered', 'Manually Registered')).toBe('Deregistered');
    expect(statusAfter({ jobType: 'Unassign Cluster', trigger: 'manual' }, false, undefined, 'Manually Registered')).toBe('Deregistration Failed');
    expect(statusAfter({ jobType: 'Renew ID', trigger: 'manual' }, false, undefined, 'Manually Registered')).toBe('Manually Registered');
  });

  it("filters Expressway clusters by the guide's type keywords", () => {
    for (const k of ['core', 'expresswaycore', 'expressway core', 'Expressway  Core']) expect(clusterTypesForKeyword(k)).toEqual(['expressway-c']);
    for (const k of ['edge', 'expresswayedge', 'expressway edge']) expect(clusterTypesForKeyword(k)).toEqual(['expressway-e']);
    expect(clusterTypesForKeyword('expressway')).toEqual(['expressway-c', 'expressway-e']);
    expect(clusterTypesForKeyword('pbx')).toBeUndefined();
  });
});

describe('transport settings: proxy from the cluster, else the customer, else Direct', () => {
  const cluster = { host: 'cluster-proxy', port: 3128 };
  const customer = { host: 'customer-proxy', port: 8080 };
  it('uses the cluster proxy first, then the customer proxy, then Direct', () => {
    expect(resolveTransportSettings({ clusterType: 'cucm', clusterProxy: cluster, customerProxy: customer, satelliteRegistrationUrl: null })).toEqual({ mode: 'Proxy', proxy: cluster });
    expect(resolveTransportSettings({ clusterType: 'cucm', clusterProxy: null, customerProxy: customer, satelliteRegistrationUrl: null })).toEqual({ mode: 'Proxy', proxy: customer });
    expect(resolveTransportSettings({ clusterType: 'cuc', clusterProxy: null, customerProxy: null, satelliteRegistrationUrl: null })).toEqual({ mode: 'Direct' });
  });
  it('Expressway-C uses a cluster or customer proxy; Expressway-E only a cluster proxy', () => {
    expect(resolveTransportSettings({ clusterType: 'expressway-c', clusterProxy: null, customerProxy: customer, satelliteRegistrationUrl: null })).toEqual({ mode: 'Proxy', proxy: customer });
    expect(resolveTransportSettings({ clusterType: 'expressway-e', clusterProxy: null, customerProxy: customer, satelliteRegistrationUrl: null })).toEqual({ mode: 'Direct' });
    expect(resolveTransportSettings({ clusterType: 'expressway-e', clusterProxy: cluster, customerProxy: customer, satelliteRegistrationUrl: null })).toEqual({ mode: 'Proxy', proxy: cluster });
  });
  it('a satellite smart account registers through its registration URL', () => {
    expect(resolveTransportSettings({ clusterType: 'cucm', clusterProxy: cluster, customerProxy: null, satelliteRegistrationUrl: 'https://sat/SmartTransport' })).toEqual({ mode: 'Satellite', satelliteUrl: 'https://sat/SmartTransport' });
  });
});
