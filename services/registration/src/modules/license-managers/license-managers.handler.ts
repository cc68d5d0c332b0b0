import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { LicenseManagerCommands, type CommandRequest } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { LicenseManagersService } from './license-managers.service.js';

/** License Manager instances (the gateway's `/license-managers`). */
@Controller()
export class LicenseManagersHandler {
  constructor(private readonly licenseManagers: LicenseManagersService) {}

  @OnCommand(LicenseManagerCommands.list)
  list(@Payload() request: CommandRequest<typeof LicenseManagerCommands.list>) {
    return this.licenseManagers.list(request);
  }

  @OnCommand(LicenseManagerCommands.get)
  get(@Payload() request: CommandRequest<typeof LicenseManagerCommands.get>) {
    return this.licenseManagers.get(request.id);
  }

  @OnCommand(LicenseManagerCommands.add)
  add(@Payload() request: CommandRequest<typeof LicenseManagerCommands.add>) {
    return this.licenseManagers.add(request);
  }

  @OnCommand(LicenseManagerCommands.update)
  update(@Payload() request: CommandRequest<typeof LicenseManagerCommands.update>) {
    return this.licenseManagers.update(request);
  }

  @OnCommand(LicenseManagerCommands.delete)
  delete(@Payload() request: CommandRequest<typeof LicenseManagerCommands.delete>) {
    return this.licenseManagers.delete(request.id);
  }

  @OnCommand(LicenseManagerCommands.getLicenseMode)
  getLicenseMode(@Payload() request: CommandRequest<typeof LicenseManagerCommands.getLicenseMode>) {
    return this.licenseManagers.licenseMode(request.id);
  }

  @OnCommand(LicenseManagerCommands.setLicenseMode)
  setLicenseMode(@Payload() request: CommandRequest<typeof LicenseManagerCommands.setLicenseMode>) {
    return this.licenseManagers.setLicenseMode(request.id, request.licenseMode);
  }
}
