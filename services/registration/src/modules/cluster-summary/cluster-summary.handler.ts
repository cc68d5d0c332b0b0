import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RegistrationCommands, SmartlicException, type CommandRequest } from '#libs/contracts';
import { COMMAND_ERROR_CODES, OnCommand } from '#libs/messaging';
import { ClusterSummaryRepository } from './cluster-summary.repository.js';

/** Cluster Summary queries (request/reply). */
@Controller()
export class ClusterSummaryHandler {
  constructor(private readonly clusters: ClusterSummaryRepository) {}

  @OnCommand(RegistrationCommands.listClusters)
  list(@Payload() request: CommandRequest<typeof RegistrationCommands.listClusters>) {
    return this.clusters.list(RegistrationCommands.listClusters.request.parse(request));
  }

  @OnCommand(RegistrationCommands.getCluster)
  async get(@Payload() request: CommandRequest<typeof RegistrationCommands.getCluster>) {
    const cluster = await this.clusters.get(request.id);
    if (!cluster) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Cluster ${request.id} does not exist` });
    return cluster;
  }
}
