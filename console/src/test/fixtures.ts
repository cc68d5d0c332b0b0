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
