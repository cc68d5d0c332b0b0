import type { SimClusterType } from '#simulators/common';
import type { SimulatorControls } from '#simulators/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClusterStore, UcNodeState } from './cluster.store.js';
import type { CopInstallService } from './cop-install.service.js';
import type { LicenseModeService } from './license-mode.service.js';
import type { SmartAgentService } from './smart-agent.service.js';

/** What every application's route file needs. */
export interface UcRouteDeps {
  store: ClusterStore;
  agent: SmartAgentService;
  licenseMode: LicenseModeService;
  /** PAWS COP installs (prepareRemoteUpgrade, startUpgrade, getUpgradeStage). */
  cop: CopInstallService;
  controls: SimulatorControls;
}

/**
 * Resolves the node a request is for (Host header) and runs the test controls (count, latency, faults) under
 * `routeId` with the cluster id as target. Undefined means the request was already answered: by a fault, or by a
 * 404 because the node is not one of `types` (the path does not exist on that product).
 */
export const enterNode = async (
  deps: UcRouteDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { types: readonly SimClusterType[]; routeId: string; contentType?: string },
): Promise<UcNodeState | undefined> => {
  const node = deps.store.nodeByHost(request.headers.host ?? '');
  if (!node || !options.types.includes(node.cluster.type)) {
    await reply.code(404).send({ error: 'NOT_FOUND', message: `${request.method} ${request.url} does not exist on this node` });
    return undefined;
  }
  const answered = await deps.controls.enter(options.routeId, node.cluster.id, request, reply, { contentType: options.contentType ?? 'application/json' });
  return answered ? undefined : node;
};
