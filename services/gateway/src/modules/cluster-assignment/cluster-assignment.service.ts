import { Injectable } from '@nestjs/common';
import { LicenseModeCommands, RegistrationCommands, type ClusterSummary, type LicenseMode, type VaLicenseMode } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';

/** Edit Virtual Account: its license mode and its clusters (registration and license-mode own them). */
@Injectable()
export class ClusterAssignmentService {
  constructor(private readonly commands: CommandClient) {}

  assign(virtualAccountId: string, clusterIds: string[]) {
    return this.commands.request(RegistrationCommands.assignClusters, { virtualAccountId, clusterIds, trigger: 'manual' });
  }

  unassign(virtualAccountId: string, clusterIds: string[]) {
    return this.commands.request(RegistrationCommands.unassignClusters, { virtualAccountId, clusterIds, trigger: 'manual' });
  }

  clusters(virtualAccountId: string, limit: number, offset: number): Promise<{ total: number; items: ClusterSummary[] }> {
    // Every cluster shown on the VA, listed by the guide or not (an assigned cluster may have been downgraded since).
    return this.commands.request(RegistrationCommands.listClusters, { virtualAccountId, eligible: 'all', limit, offset });
  }

  summary(virtualAccountId: string) {
    return this.commands.request(RegistrationCommands.getVirtualAccount, { id: virtualAccountId });
  }

  licenseMode(virtualAccountId: string): Promise<VaLicenseMode> {
    return this.commands.request(LicenseModeCommands.getVirtualAccount, { virtualAccountId });
  }

  setLicenseMode(virtualAccountId: string, mode: LicenseMode): Promise<VaLicenseMode> {
    return this.commands.request(LicenseModeCommands.setVirtualAccount, { virtualAccountId, mode });
  }
}
