import { Injectable } from '@nestjs/common';
import { applicationTypeOf, CaaCommands, RegistrationCommands, type ClusterFilter, type ClusterSummary, type SmartAgentStatus, type StatusRefresh } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import type { ClusterListQuery } from './clusters.dto.js';

/** Cluster Summary reads: registration owns the inventory; app-adapter knows the smart agent. */
@Injectable()
export class ClustersService {
  constructor(private readonly commands: CommandClient) {}

  list(query: ClusterListQuery): Promise<{ total: number; items: ClusterSummary[] }> {
    return this.commands.request(RegistrationCommands.listClusters, query);
  }

  get(id: string): Promise<ClusterSummary> {
    return this.commands.request(RegistrationCommands.getCluster, { id });
  }

  refreshOne(clusterId: string): Promise<StatusRefresh> {
    return this.commands.request(RegistrationCommands.refreshClusterStatus, { clusterId });
  }

  refreshSelection(filter: ClusterFilter): Promise<StatusRefresh> {
    return this.commands.request(RegistrationCommands.refreshClusterStatuses, filter);
  }

  statusRefresh(id: string): Promise<StatusRefresh> {
    return this.commands.request(RegistrationCommands.getStatusRefresh, { id });
  }

  renewId(clusterId: string) {
    return this.commands.request(RegistrationCommands.renewId, { clusterId });
  }

  renewAuth(clusterId: string) {
    return this.commands.request(RegistrationCommands.renewAuthorization, { clusterId });
  }

  /** The last known smart-agent state (no call to the application; registration jobs read it live). */
  async smartAgent(id: string): Promise<SmartAgentStatus> {
    const cluster = await this.get(id);
    return this.commands.request(CaaCommands.status(applicationTypeOf(cluster.type)), { clusterId: id, source: 'last-known' });
  }
}
