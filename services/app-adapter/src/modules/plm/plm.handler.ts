import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PlmCaaCommands, type CommandRequest } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { PlmService } from './plm.service.js';

/** app-adapter's PLM commands (registration sends them; the gateway reaches them through registration). */
@Controller()
export class PlmHandler {
  constructor(private readonly plm: PlmService) {}

  @OnCommand(PlmCaaCommands.setConnection)
  setConnection(@Payload() request: CommandRequest<typeof PlmCaaCommands.setConnection>) {
    return this.plm.setConnection(request);
  }

  @OnCommand(PlmCaaCommands.deleteConnection)
  deleteConnection(@Payload() request: CommandRequest<typeof PlmCaaCommands.deleteConnection>) {
    return this.plm.deleteConnection(request.licenseManagerId);
  }

  @OnCommand(PlmCaaCommands.inventory)
  inventory(@Payload() request: CommandRequest<typeof PlmCaaCommands.inventory>) {
    return this.plm.inventory(request.licenseManagerId, request.clusters);
  }

  @OnCommand(PlmCaaCommands.addCluster)
  addCluster(@Payload() request: CommandRequest<typeof PlmCaaCommands.addCluster>) {
    return this.plm.addCluster(request.licenseManagerId, request.cluster);
  }

  @OnCommand(PlmCaaCommands.removeCluster)
  removeCluster(@Payload() request: CommandRequest<typeof PlmCaaCommands.removeCluster>) {
    return this.plm.removeCluster(request.licenseManagerId, request.name);
  }

  @OnCommand(PlmCaaCommands.getLicenseMode)
  getLicenseMode(@Payload() request: CommandRequest<typeof PlmCaaCommands.getLicenseMode>) {
    return this.plm.licenseMode(request.licenseManagerId);
  }

  @OnCommand(PlmCaaCommands.setLicenseMode)
  setLicenseMode(@Payload() request: CommandRequest<typeof PlmCaaCommands.setLicenseMode>) {
    return this.plm.setLicenseMode(request.licenseManagerId, request.licenseMode);
  }
}
