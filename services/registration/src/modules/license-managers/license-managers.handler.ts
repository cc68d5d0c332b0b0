import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { LicenseManagementCommands, LicenseManagerCommands, type CommandRequest } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { LicenseManagementService } from './license-management.service.js';
import { LicenseManagersService } from './license-managers.service.js';
import { PlmAssignmentService } from './plm-assignment.service.js';

/** License Manager instances (the gateway's `/license-managers`). */
@Controller()
export class LicenseManagersHandler {
  constructor(
    private readonly licenseManagers: LicenseManagersService,
    private readonly assignments: PlmAssignmentService,
    private readonly licenseManagement: LicenseManagementService,
  ) {}

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

  @OnCommand(LicenseManagerCommands.assignCustomer)
  assignCustomer(@Payload() request: CommandRequest<typeof LicenseManagerCommands.assignCustomer>) {
    return this.assignments.assignCustomer(request.id, request.customerId);
  }

  @OnCommand(LicenseManagerCommands.unassignCustomer)
  unassignCustomer(@Payload() request: CommandRequest<typeof LicenseManagerCommands.unassignCustomer>) {
    return this.assignments.unassignCustomer(request.id, request.customerId);
  }

  @OnCommand(LicenseManagerCommands.assignClusters)
  assignClusters(@Payload() request: CommandRequest<typeof LicenseManagerCommands.assignClusters>) {
    return this.assignments.assignClusters(request.id, request.clusterIds);
  }

  @OnCommand(LicenseManagerCommands.unassignClusters)
  unassignClusters(@Payload() request: CommandRequest<typeof LicenseManagerCommands.unassignClusters>) {
    return this.assignments.unassignClusters(request.id, request.clusterIds);
  }

  @OnCommand(LicenseManagementCommands.listClusters)
  clusters(@Payload() request: CommandRequest<typeof LicenseManagementCommands.listClusters>) {
    return this.licenseManagement.clusters(request);
  }

  @OnCommand(LicenseManagementCommands.listCustomers)
  customers(@Payload() request: CommandRequest<typeof LicenseManagementCommands.listCustomers>) {
    return this.licenseManagement.customers(request);
  }

  @OnCommand(LicenseManagementCommands.summary)
  summary(@Payload() request: CommandRequest<typeof LicenseManagementCommands.summary>) {
    return this.licenseManagement.summary(request.id);
  }
}
