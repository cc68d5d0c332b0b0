import { Inject, Injectable } from '@nestjs/common';
import { CaaCommands, LicenseModeCommands, PlmCaaCommands, SyncCommands, type ClusterType, type ApplicationType, type LicenseMode, type SmartAgentStatus } from '#libs/contracts';
import { CommandClient, ReplyLostError, RequestTimeoutError } from '#libs/messaging';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { RegistrationConfig } from '../../config/registration.config.js';
import type { TransportSettings } from './cluster-job.js';

/**
 * The commands a cluster job sends: license-mode (cluster mode), sync (registration token) and app-adapter (the
 * application's smart agent). Errors are the messaging errors (CommandFailedError, NoRespondersError,
 * RequestTimeoutError); the runner maps them to the guide's codes.
 */
const TOKEN_REUSE_MS = 30_000;

@Injectable()
export class ClusterOperationsClient {
  private readonly tokens = new Map<string, { token: Promise<string>; at: number }>();

  constructor(
    private readonly commands: CommandClient,
    @Inject(SERVICE_CONFIG) private readonly config: RegistrationConfig,
  ) {}

  private get caa() {
    return { timeoutMs: this.config.REGISTRATION_CAA_TIMEOUT_MS };
  }

  /**
   * The cluster's license mode, asked again every REGISTRATION_LICENSE_MODE_ATTEMPT_MS until an answer comes or
   * REGISTRATION_LICENSE_MODE_TIMEOUT_MS (sized for a publisher reboot) has passed; then the last RequestTimeoutError.
   * Why: a license-mode killed while it worked on the request never answers, and NATS does not tell a requester its
   * responder died. Waiting out the whole timeout held jobs for 16 min; asking again is safe because the change is
   * idempotent per cluster and mode (license-mode joins the request it is still working on, and app-adapter's recorded
   * change makes a new request wait for or resume the change under way, never set the mode twice), so a lost reply
   * costs one attempt. No responder at all (license-mode down) fails at once, as before, and the job retries the step.
   */
  async setClusterLicenseMode(clusterId: string, applicationType: ApplicationType, mode: LicenseMode): Promise<{ changed: boolean }> {
    const deadline = Date.now() + this.config.REGISTRATION_LICENSE_MODE_TIMEOUT_MS;
    for (;;) {
      const timeoutMs = Math.max(1, Math.min(this.config.REGISTRATION_LICENSE_MODE_ATTEMPT_MS, deadline - Date.now()));
      try {
        return await this.commands.request(LicenseModeCommands.setCluster, { clusterId, applicationType, mode }, { timeoutMs });
      } catch (error) {
        // RequestTimeoutError includes ReplyLostError (the NATS connection broke): the reply is lost either way.
        if (!(error instanceof RequestTimeoutError) || Date.now() >= deadline) throw error;
        // A reply lost with the connection comes back at once: do not spin while NATS reconnects.
        if (error instanceof ReplyLostError) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, Math.max(0, deadline - Date.now()))));
      }
    }
  }

  /**
   * The product registration token of a virtual account. A batch asks once: concurrent jobs share one request to
   * sync and reuse its answer for TOKEN_REUSE_MS (sync itself reuses a valid token; the token stays in memory only).
   */
  registrationToken(smartAccountId: string, virtualAccount: string): Promise<string> {
    const key = `${smartAccountId}\u0000${virtualAccount}`;
    const cached = this.tokens.get(key);
    if (cached && Date.now() - cached.at < TOKEN_REUSE_MS) return cached.token;
    const token = this.commands.request(SyncCommands.getToken, { smartAccountId, virtualAccount }).then((r) => r.token);
    this.tokens.set(key, { token, at: Date.now() });
    token.catch(() => this.tokens.delete(key));
    return token;
  }

  /** A token the application refused is not offered to the next job. */
  forgetToken(smartAccountId: string, virtualAccount: string): void {
    this.tokens.delete(`${smartAccountId}\u0000${virtualAccount}`);
  }

  status(applicationType: ApplicationType, clusterId: string): Promise<SmartAgentStatus> {
    return this.commands.request(CaaCommands.status(applicationType), { clusterId }, this.caa);
  }

  async setTransport(applicationType: ApplicationType, clusterId: string, transport: TransportSettings): Promise<void> {
    await this.commands.request(CaaCommands.setTransport(applicationType), { clusterId, ...transport }, this.caa);
  }

  /**
   * register and deregister cannot be asked twice: after a lost reply (ReplyLostError, the NATS connection broke) the
   * operation may still be running at app-adapter, and a state read now could see it unfinished and send it again
   * (a second register, CAA1081 on Expressway). The job waits out the whole timeout, as if no reply had come, before
   * it reads the state again.
   */
  private async unrepeatable<T>(send: () => Promise<T>): Promise<T> {
    const sentAt = Date.now();
    try {
      return await send();
    } catch (error) {
      if (error instanceof ReplyLostError) await new Promise((resolve) => setTimeout(resolve, Math.max(0, sentAt + this.caa.timeoutMs - Date.now())));
      throw error;
    }
  }

  /** The agent's state app-adapter read right after registering (undefined when that read failed). */
  async register(applicationType: ApplicationType, clusterId: string, token: string, force: boolean, nodes?: string[]): Promise<SmartAgentStatus | undefined> {
    return this.unrepeatable(async () => (await this.commands.request(CaaCommands.register(applicationType), { clusterId, token, force, ...(nodes ? { nodes } : {}) }, this.caa)).status);
  }

  /** The agent's state app-adapter read right after deregistering (undefined when that read failed). */
  async deregister(applicationType: ApplicationType, clusterId: string): Promise<SmartAgentStatus | undefined> {
    return this.unrepeatable(async () => (await this.commands.request(CaaCommands.deregister(applicationType), { clusterId }, this.caa)).status);
  }

  async renewId(applicationType: ApplicationType, clusterId: string): Promise<void> {
    await this.commands.request(CaaCommands.renewId(applicationType), { clusterId }, this.caa);
  }

  async renewAuth(applicationType: ApplicationType, clusterId: string): Promise<void> {
    await this.commands.request(CaaCommands.renewAuth(applicationType), { clusterId }, this.caa);
  }

  /** Force-adds the cluster at its License Manager (app-adapter's PLM client). */
  plmAddCluster(licenseManagerId: string, cluster: { name: string; type: ClusterType; version: string; hostname: string }): Promise<unknown> {
    return this.commands.request(PlmCaaCommands.addCluster, { licenseManagerId, cluster });
  }

  plmRemoveCluster(licenseManagerId: string, name: string): Promise<unknown> {
    return this.commands.request(PlmCaaCommands.removeCluster, { licenseManagerId, name });
  }
}
