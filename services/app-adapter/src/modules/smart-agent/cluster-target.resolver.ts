import { Injectable } from '@nestjs/common';
import { isEligibleForSmartLicensing, SmartlicException, type ApplicationType, type ClusterType } from '#libs/contracts';
import type { ClusterTarget } from '../../drivers/cluster-target.js';
import { EndpointCache } from '../endpoint-inventory/endpoint.cache.js';

/**
 * The cluster a CAA command addresses, from the endpoint inventory, checked before any call: known (CAA1003), of the
 * command's application type (CAA1005), of a supported version (CAA1045), with a publisher / nodes (CAA1007).
 * Missing credentials are reported by the call that needs them (CAA1004 admin, CAA1008 platform, CAA1069 http).
 */
@Injectable()
export class ClusterTargetResolver {
  constructor(private readonly endpoints: EndpointCache) {}

  async resolve(applicationType: ApplicationType, clusterId: string): Promise<ClusterTarget> {
    const resolved = await this.endpoints.find(clusterId);
    if (!resolved) throw SmartlicException.fromCode('CAA1003', { clusterId });
    const { endpoint, credentials } = resolved;
    if (endpoint.applicationType !== applicationType) {
      throw SmartlicException.fromCode('CAA1005', { clusterId, applicationType: endpoint.applicationType, requestedFor: applicationType });
    }
    const clusterType = endpoint.clusterType as ClusterType;
    if (!isEligibleForSmartLicensing(clusterType, endpoint.version)) throw SmartlicException.fromCode('CAA1045', { clusterId, version: endpoint.version, clusterType });
    const nodes = endpoint.nodes;
    if (nodes.length === 0 || (applicationType !== 'expressway' && !nodes.some((n) => n.publisher))) {
      throw SmartlicException.fromCode('CAA1007', { clusterId, reason: applicationType === 'expressway' ? 'no node' : 'no publisher node' });
    }
    return { clusterId, applicationType, clusterType, version: endpoint.version, nodes, credentials, tls: endpoint.tls };
  }
}
