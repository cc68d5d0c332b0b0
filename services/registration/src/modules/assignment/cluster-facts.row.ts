import { selectAs } from '#libs/persistence';
import { Cluster } from '../../database/cluster.entity.js';
import type { Customer } from '../../database/customer.entity.js';
import type { ClusterFacts } from './assignment.rules.js';

const FACT_FIELDS = ['id', 'name', 'customerId', 'type', 'version', 'licensing', 'nodes', 'hasAdminCredentials', 'hasPlatformCredentials', 'proxy'] as const;

/** What the assignment rules need of a cluster, as selected from `cluster` (`c`) joined with its `customer` (`cu`). */
export const CLUSTER_FACTS_COLUMNS = `${selectAs(Cluster, FACT_FIELDS, 'c')}, cu.proxy AS "customerProxy"`;

export type ClusterFactsRow = Pick<Cluster, (typeof FACT_FIELDS)[number]> & { customerProxy: Customer['proxy'] };

export const toClusterFacts = (r: ClusterFactsRow): ClusterFacts => ({
  id: r.id,
  name: r.name,
  customerId: r.customerId,
  type: r.type,
  version: r.version,
  licensing: r.licensing,
  nodes: r.nodes,
  hasAdminCredentials: r.hasAdminCredentials,
  hasPlatformCredentials: r.hasPlatformCredentials,
  proxy: r.proxy,
  customerProxy: r.customerProxy,
});
