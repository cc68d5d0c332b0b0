import type { ClusterProvisioning } from '#libs/contracts';
import type { UcClusterInput } from '#simulators/uc-apps';

/**
 * The provisioning-contract cluster of a simulated one, as an integrator would publish it: same nodes reached on the
 * simulator's port, the cluster's admin and platform credentials, the simulator's CA bundle when it runs TLS.
 * It bridges the simulators and smartlic's contracts, so it lives on the test side: the simulators import nothing
 * of smartlic's.
 */
export const provisioningClusterOf = (sim: UcClusterInput, simulator: { port: number; caPem?: string }, overrides: Partial<ClusterProvisioning> = {}): ClusterProvisioning => ({
  id: sim.id,
  customerId: sim.customerId ?? 'customer-1',
  name: sim.name,
  type: sim.type,
  version: sim.version,
  licensing: 'smart',
  nodes: sim.nodes.map((n) => ({ hostname: n.hostname, address: n.address, port: simulator.port, publisher: n.publisher })),
  credentials: { admin: sim.credentials.admin, platform: sim.credentials.platform },
  ...(simulator.caPem ? { tls: { caPem: simulator.caPem } } : {}),
  ...overrides,
});
