import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { LicenseModeCommands, type CommandRequest } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { ClusterLicenseModeService } from './cluster-license-mode.service.js';

@Controller()
export class ClusterLicenseModeHandler {
  constructor(private readonly clusters: ClusterLicenseModeService) {}

  @OnCommand(LicenseModeCommands.setCluster)
  set(@Payload() r: CommandRequest<typeof LicenseModeCommands.setCluster>) {
    return this.clusters.set(r.clusterId, r.applicationType, r.mode);
  }
}
