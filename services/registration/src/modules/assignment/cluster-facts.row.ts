import type { ClusterFacts } from './assignment.rules.js';

/** What the assignment rules need of a cluster, as selected from `cluster` joined with its `customer` (`cu`). */
export const CLUSTER_FACTS_COLUMNS = `c.id, c.name, c.customer_id, c.type, c.version, c.licensing, c.nodes, c.has_admin_credentials, c.has_platform_credentials, c.proxy,
  cu.proxy AS customer_proxy, (SELECT pa.license_manager_id FROM plm_cluster_assignment pa WHERE pa.cluster_id = c.id) AS license_manager_id`;

export interface ClusterFactsRow {
  id: string;
  name: string;
  customer_id: string;
  type: ClusterFacts['type'];
  version: string;
  licensing: 'smart' | 'pak';
  nodes: ClusterFacts['nodes'];
  has_admin_credentials: boolean;
  has_platform_credentials: boolean;
  proxy: { host: string; port: number } | null;
  customer_proxy: { host: string; port: number } | null;
  license_manager_id: string | null;
}

export const toClusterFacts = (r: ClusterFactsRow): ClusterFacts => ({
  id: r.id,
  name: r.name,
  customerId: r.customer_id,
  type: r.type,
  version: r.version,
  licensing: r.licensing,
  nodes: r.nodes,
  hasAdminCredentials: r.has_admin_credentials,
  hasPlatformCredentials: r.has_platform_credentials,
  proxy: r.proxy,
  customerProxy: r.customer_proxy,
  licenseManagerId: r.license_manager_id,
});
