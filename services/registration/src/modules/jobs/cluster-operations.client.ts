import { Inject, Injectable } from '@nestjs/common';
import { CaaCommands, LicenseModeCommands, SyncCommands, type ApplicationType, type LicenseMode, type SmartAgentStatus } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { RegistrationConfig } from '../../config/registration.config.js';
import type { TransportSettings } from './cluster-job.js';

/**
 * The commands a cluster job sends: license-mode (cluster mode), sync (registration token) and app-adapter (the
 * application's smart agent). Errors are the messaging errors (CommandFailedError, NoRespondersError,
 * RequestTimeoutError); the runner maps them to the guide's codes.
 */
@Injectable()
export class ClusterOperationsClient {
  constructor(
    private readonly commands: CommandClient,
    @Inject(SERVICE_CONFIG) private readonly config: RegistrationConfig,
  ) {}

  private get caa() {
    return { timeoutMs: this.config.REGISTRATION_CAA_TIMEOUT_MS };
  }

  setClusterLicenseMode(clusterId: string, applicationType: ApplicationType, mode: LicenseMode): Promise<{ changed: boolean }> {
    return this.commands.request(LicenseModeCommands.setCluster, { clusterId, applicationType, mode }, { timeoutMs: this.config.REGISTRATION_LICENSE_MODE_TIMEOUT_MS });
  }

  async registrationToken(smartAccountId: string, virtualAccount: string): Promise<string> {
    return (await this.commands.request(SyncCommands.getToken, { smartAccountId, virtualAccount })).token;
  }

  status(applicationType: ApplicationType, clusterId: string): Promise<SmartAgentStatus> {
    return this.commands.request(CaaCommands.status(applicationType), { clusterId }, this.caa);
  }

  async setTransport(applicationType: ApplicationType, clusterId: string, transport: TransportSettings): Promise<void> {
    await this.commands.request(CaaCommands.setTransport(applicationType), { clusterId, ...transport }, this.caa);
  }

  async register(applicationType: ApplicationType, clusterId: string, token: string, force: boolean): Promise<void> {
    await this.commands.request(CaaCommands.register(applicationType), { clusterId, token, force }, this.caa);
  }

  async deregister(applicationType: ApplicationType, clusterId: string): Promise<void> {
    await this.commands.request(CaaCommands.deregister(applicationType), { clusterId }, this.caa);
  }

  async renewId(applicationType: ApplicationType, clusterId: string): Promise<void> {
    await this.commands.request(CaaCommands.renewId(applicationType), { clusterId }, this.caa);
  }

  async renewAuth(applicationType: ApplicationType, clusterId: string): Promise<void> {
    await this.commands.request(CaaCommands.renewAuth(applicationType), { clusterId }, this.caa);
  }
}
