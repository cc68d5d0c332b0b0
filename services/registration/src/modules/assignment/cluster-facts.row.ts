import { selectAs } from '#libs/persistence';
import { Cluster } from '../../database/cluster.entity.js';
import type { Customer } from '../../database/customer.entity.js';
import type { PlmClusterAssignmentEntity } from '../license-managers/plm-assignment.entities.js';
import type { ClusterFacts } from './assignment.rules.js';

const FACT_FIELDS = ['id', 'name', 'customerId', 'type', 'version', 'licensing', 'nodes', 'hasAdminCredentials', 'hasPlatformCredentials', 'proxy'] as const;

/** What the assignment rules need of a cluster, as selected from `cluster` (`c`) joined with its `customer` (`cu`), and its PLM if any. */
export const CLUSTER_FACTS_COLUMNS = `${selectAs(Cluster, FACT_FIELDS, 'c')}, cu.proxy AS "customerProxy",
  (SELECT pa.license_manager_id FROM plm_cluster_assignment pa WHERE pa.cluster_id = c.id) AS "licenseManagerId"`;

export type ClusterFactsRow = Pick<Cluster, (typeof FACT_FIELDS)[number]> & { customerProxy: Customer['proxy']; licenseManagerId: PlmClusterAssignmentEntity['licenseManagerId'] | null };

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
  licenseManagerId: r.licenseManagerId,
});
