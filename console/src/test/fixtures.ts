import type { paths } from '../api/client';

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;
export type Cluster = Json<'/api/v1/clusters', 'get'>['items'][number];
export type Job = Json<'/api/v1/jobs/{id}', 'get'>;

export const jobOf = (over: Partial<Job> = {}): Job => ({
  id: 'job-1',
  service: 'registration',
  jobType: 'Assign Cluster',
  entityType: 'Cluster',
  entityId: 'cucm-1',
  entityName: 'CUCM-1',
  status: 'Failed',
  description: 'Assign CUCM-1 to VA-1',
  statusInfo: 'Registration failed: the token is expired',
  errorCode: 'SL1005',
  recommendedAction: 'Generate a new token in CSSM and retry',
  initiatedAt: '2026-12-01T10:00:00.000Z',
  completedAt: '2026-12-01T10:01:00.000Z',
  correlationId: 'batch-1',
  ...over,
});

export const clusterOf = (over: Partial<Cluster> = {}): Cluster => ({
  id: 'cucm-1',
  customerId: 'customer-1',
  customerName: 'Acme',
  name: 'CUCM-1',
  type: 'cucm',
  version: '15.0',
  publisher: 'cucm-1-pub',
  nodeCount: 2,
  eligible: true,
  smartAccountId: null,
  smartAccount: null,
  virtualAccountId: null,
  virtualAccount: null,
  status: null,
  statusDetails: null,
  agentState: null,
  job: null,
  attention: null,
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...over,
});

export const vaOf = (id: string, name: string) => ({
  id,
  smartAccountId: 'sa-1',
  smartAccountName: 'SA One',
  smartAccountType: 'CSSM' as const,
  name,
  description: `${name} of SA One`,
  accessLevel: 'Full',
  isDefault: false,
  clusters: 1,
  customers: 1,
  removed: false,
  syncedAt: '2026-12-01T10:00:00.000Z',
});

export const smartAccountOf = (over: Record<string, unknown> = {}) => ({
  id: 'sa-1',
  name: 'SA One',
  domain: 'one.example.com',
  type: 'CSSM',
  status: 'Active',
  transportMode: 'Direct',
  transportInherited: true,
  authenticationGateway: null,
  cssmServer: null,
  proxy: null,
  satellite: null,
  clientId: 'client-1',
  clientSecretSet: true,
  operationalLicenses: { opted: false, orderedVirtualAccount: null, operationalVirtualAccount: null, autoRegistration: false },
  syncIntervalSeconds: 86400,
  virtualAccounts: 2,
  lastSyncAt: '2026-12-01T10:00:00.000Z',
  lastSyncStatus: 'Succeeded',
  nextSyncAt: null,
  alerts: [],
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...over,
});

export type Dashboard = Json<'/api/v1/dashboard/licenses', 'get'>;
export type DashboardRow = Dashboard['items'][number];
export type Subscription = Json<'/api/v1/subscriptions', 'get'>['items'][number];

export const dashboardRowOf = (over: Partial<DashboardRow> = {}): DashboardRow => ({
  level: 'virtual-account',
  id: 'sa-1/va-1',
  name: 'va-1@sa-1',
  licensedBy: 'Smart',
  entitlement: 100,
  consumption: 40,
  headroom: 60,
  compliance: 'In Compliance',
  subscriptionsExpiringSoon: 0,
  licenses: [{ license: 'CUCM_Enhanced', entitlement: 100, consumption: 40, headroom: 60, compliance: 'In Compliance' }],
  ...over,
});

/** A dashboard answer of `items`, with the totals the gateway computes from them. */
export const dashboardOf = (items: DashboardRow[]): Dashboard => {
  const total = (kind: DashboardRow['licensedBy']) => {
    const rows = items.filter((r) => r.licensedBy === kind);
    const entitlement = rows.reduce((s, r) => s + r.entitlement, 0);
    const consumption = rows.reduce((s, r) => s + r.consumption, 0);
    return { items: rows.length, entitlement, consumption, headroom: entitlement - consumption };
  };
  return { level: items[0]?.level ?? 'virtual-account', items, totals: { Smart: total('Smart'), PLM: total('PLM') } };
};

export const subscriptionOf = (over: Partial<Subscription> = {}): Subscription => ({
  subscriptionId: 'SUB-1',
  customerId: null,
  customerName: null,
  startDate: '2026-01-01',
  endDate: '2027-01-01',
  licenseCount: 100,
  licensesConsumed: 40,
  licenseModel: null,
  perpetual: false,
  licenseDetails: [{ license: 'CUCM_Enhanced', licenseType: 'TERM', quantity: 100, consumed: 40, smartAccountId: 'sa-1', virtualAccount: 'va-1' }],
  ...over,
});
