import { catalogueEntry, SmartlicException } from '#libs/contracts';
import type { TargetNode } from '../cluster-target.js';

/**
 * The guide's node-count rule (View Cluster Summary, Expressway): "Add all the nodes of the Expressway cluster in
 * HCM-F, to register the cluster. If there is a mismatch in the number of Expressway cluster nodes that is configured
 * in HCM-F, then the registration fails."
 */
export const NODE_COUNT_RULE = {
  message: 'If there is a mismatch in the number of Expressway cluster nodes that is configured in HCM-F, then the registration fails',
  recommendedAction: 'Add all the nodes of the Expressway cluster in HCM-F, to register the cluster.',
} as const;

const key = (value: string): string => {
  const v = value.trim().toLowerCase();
  return v.startsWith('[') && v.endsWith(']') ? v.slice(1, -1) : v;
};

/** A peer is a provisioned node when its address is the node's address or host name (IP or FQDN peers). */
const isPeerOf = (node: TargetNode, peer: string): boolean => key(peer) === key(node.address) || key(peer) === key(node.hostname);

/**
 * Checks the provisioned nodes against the cluster's peers as the application reports them. No peer at all is the
 * guide's CAA1080 ("No Clustering Configuration Found in Expressway"); any node the cluster does not have, or peer
 * HCM-F does not have, fails with the rule's wording under the same code, both lists in the details.
 */
export const checkClusterNodes = (clusterId: string, nodes: readonly TargetNode[], peers: readonly string[]): void => {
  const provisionedNodes = nodes.map((n) => ({ hostname: n.hostname, address: n.address }));
  if (peers.length === 0) throw SmartlicException.fromCode('CAA1080', { clusterId, provisionedNodes, clusterPeers: [] });
  const notInCluster = nodes.filter((n) => !peers.some((p) => isPeerOf(n, p))).map((n) => n.hostname);
  const notProvisioned = peers.filter((p) => !nodes.some((n) => isPeerOf(n, p)));
  if (notInCluster.length === 0 && notProvisioned.length === 0 && peers.length === nodes.length) return;
  throw new SmartlicException({
    code: 'CAA1080',
    message: NODE_COUNT_RULE.message,
    recommendedAction: NODE_COUNT_RULE.recommendedAction,
    details: {
      clusterId,
      catalogueMessage: catalogueEntry('CAA1080').message,
      provisionedNodes,
      clusterPeers: [...peers],
      notInCluster,
      notProvisioned,
    },
  });
};
