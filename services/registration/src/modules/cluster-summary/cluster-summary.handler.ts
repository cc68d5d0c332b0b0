import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RegistrationCommands, SmartlicException, type CommandRequest } from '#libs/contracts';
import { COMMAND_ERROR_CODES, OnCommand } from '#libs/messaging';
import { VirtualAccountRepository } from '../virtual-accounts/virtual-account.repository.js';
import { ClusterSummaryRepository } from './cluster-summary.repository.js';

/** Cluster Summary queries (request/reply). */
@Controller()
export class ClusterSummaryHandler {
  constructor(
    private readonly clusters: ClusterSummaryRepository,
    private readonly virtualAccounts: VirtualAccountRepository,
  ) {}

  @OnCommand(RegistrationCommands.listClusters)
  async list(@Payload() request: CommandRequest<typeof RegistrationCommands.listClusters>) {
    // The clusters of an unknown VA are not an empty list: the id is wrong (SLMCT1001, as for the VA itself).
    if (request.virtualAccountId !== undefined && !(await this.virtualAccounts.summary(request.virtualAccountId))) {
      throw SmartlicException.fromCode('SLMCT1001', { field: 'virtualAccountId', virtualAccountId: request.virtualAccountId });
    }
    return this.clusters.list(RegistrationCommands.listClusters.request.parse(request));
  }

  @OnCommand(RegistrationCommands.getCluster)
  async get(@Payload() request: CommandRequest<typeof RegistrationCommands.getCluster>) {
    const cluster = await this.clusters.get(request.id);
    if (!cluster) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Cluster ${request.id} does not exist` });
    return cluster;
  }
}
