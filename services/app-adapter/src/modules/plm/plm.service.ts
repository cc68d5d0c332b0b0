import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SmartlicException, SMARTLIC_ERROR_CODES, type ClusterType, type CommandRequest, type LicenseMode, type PlmCaaCommands, type PlmConnectionState, type PlmInventory } from '#libs/contracts';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';
import { PlmCallError, PlmClient, type PlmEndpoint, type PlmTarget } from '../../drivers/plm/plm.client.js';
import type { PlmApiVersion, PlmProduct } from '../../drivers/plm/plm.wire-format.js';
import { deploymentModeReturnSchema, isLicenseMode, PAWS_RESULT, pawsReturnSchema, restartStatusReturnSchema } from '../../drivers/license-mode/paws.wire-format.js';

// Causes of an unreachable restartSystem that mean the request never reached PLM (a dropped connection is its success).
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
import { CredentialVault } from '../endpoint-inventory/credential-vault.js';
import { ProvisioningCredentials } from '../endpoint-inventory/provisioning-credentials.js';
import { PlmConnectionRepository, type PlmConnectionRow } from './plm-connection.repository.js';

/** PLM's product of each cluster type it licenses (the guide's PLMINF0 lines: HUCM, HCUC, HCER). */
const PRODUCT_OF: Partial<Record<ClusterType, PlmProduct>> = { cucm: 'HUCM', cuc: 'HCUC', cer: 'HCER' };

type SetConnection = CommandRequest<typeof PlmCaaCommands.setConnection>;

/**
 * HCM-F's license manager service: validates a License Manager before its connection is stored (a PLM that cannot be
 * reached, refuses the OS admin account or still runs in demo mode is refused with its PLM_* code and nothing is
 * stored), then reads its inventory and license mode and changes the mode.
 */
@Injectable()
export class PlmService implements OnModuleDestroy {
  private readonly logger = new Logger(PlmService.name);
  private readonly client: PlmClient;
  private readonly rebootDeadlineMs: number;
  private readonly rebootPollMs: number;

  constructor(
    @Inject(SERVICE_CONFIG) config: AppAdapterConfig,
    private readonly connections: PlmConnectionRepository,
    private readonly vault: CredentialVault,
    private readonly credentials: ProvisioningCredentials,
  ) {
    this.rebootDeadlineMs = config.CAA_REBOOT_DEADLINE_MS;
    this.rebootPollMs = config.CAA_REBOOT_POLL_MS;
    this.client = new PlmClient({
      connectTimeoutMs: config.CAA_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: config.CAA_REQUEST_TIMEOUT_MS,
      retries: config.CAA_READ_RETRIES,
      retryBackoffMs: config.CAA_RETRY_BACKOFF_MS,
      circuitBreakAfter: config.CAA_CIRCUIT_BREAK_AFTER,
      circuitHalfOpenAfterMs: config.CAA_CIRCUIT_HALF_OPEN_AFTER_MS,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.close();
  }

  async setConnection(request: SetConnection): Promise<PlmConnectionState> {
    const prior = await this.connections.find(request.licenseManagerId);
    let password: string;
    if (request.encryptedPassword !== undefined) password = await this.credentials.openSecret('encryptedPassword', request.encryptedPassword);
    else if (prior) password = this.vault.openPlmPassword(prior.licenseManagerId, prior.passwordCiphertext);
    else throw new SmartlicException({ code: SMARTLIC_ERROR_CODES.INVALID_REQUEST, message: 'encryptedPassword: is required for a License Manager app-adapter has no connection for' });
    // An edit without tls keeps the stored trust, as one without a password keeps the stored password.
    const tls = request.tls ?? prior?.tls ?? null;
    if (tls?.insecureSkipVerify) this.logger.warn(`License Manager ${request.hostname}: certificate verification turned off by the operator`);
    const connection = await this.client.validate({ address: request.hostname, port: request.port, credentials: { username: request.username, password }, tls });
    // HCM-F sets the deployment mode of a PLM it adds (TN119377); an edit keeps the mode the operator chose since.
    const licenseMode = prior ? connection.about.deploymentMode : await this.client.setDeploymentMode(connection, 'HCS');
    await this.connections.upsert({
      licenseManagerId: request.licenseManagerId,
      hostname: request.hostname,
      port: request.port,
      username: request.username,
      passwordCiphertext: this.vault.sealPlmPassword(request.licenseManagerId, password),
      tls,
      version: connection.about.version,
      apiVersion: connection.apiVersion,
    });
    return { licenseManagerId: request.licenseManagerId, version: connection.about.version, apiVersion: connection.apiVersion, licenseMode };
  }

  async deleteConnection(licenseManagerId: string): Promise<{ licenseManagerId: string }> {
    await this.connections.delete(licenseManagerId);
    return { licenseManagerId };
  }

  /** The license inventory, and the usage of the named clusters (one PLM no longer knows is left out). */
  async inventory(licenseManagerId: string, clusters: readonly string[] = []): Promise<PlmInventory> {
    const target = await this.connection(licenseManagerId);
    const inventory = await this.client.licenses(target);
    const usage: PlmInventory['usage'] = [];
    for (const name of clusters) {
      try {
        const u = await this.client.usage(target, name);
        usage.push({ name, licenses: u.usage.map((l) => ({ licenseType: l.licenseType, count: l.count })) });
      } catch (error) {
        if (error instanceof PlmCallError && error.details.httpStatus === 404) continue;
        throw error;
      }
    }
    return {
      licenseManagerId,
      licenses: inventory.licenses.map((l) => ({ licenseType: l.licenseType, installed: l.installed, required: l.required, available: l.available })),
      usage,
    };
  }

  /** Force-adds a cluster (HCM-F's way); only the PLM products (Unified CM, Unity Connection, Emergency Responder). */
  async addCluster(licenseManagerId: string, cluster: { name: string; type: ClusterType; version: string; hostname: string }): Promise<{ licenseManagerId: string; name: string }> {
    const product = PRODUCT_OF[cluster.type];
    if (!product) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.PLM_CLUSTER_NOT_ELIGIBLE, { type: cluster.type, reason: `${cluster.type} is not licensed through PLM` });
    await this.client.addCluster(await this.connection(licenseManagerId), { name: cluster.name, product, version: cluster.version, hostname: cluster.hostname });
    return { licenseManagerId, name: cluster.name };
  }

  async removeCluster(licenseManagerId: string, name: string): Promise<{ licenseManagerId: string; name: string }> {
    await this.client.removeCluster(await this.connection(licenseManagerId), name);
    return { licenseManagerId, name };
  }

  /** PAWS `getDeploymentMode` on the License Manager's platform. */
  async licenseMode(licenseManagerId: string): Promise<{ licenseManagerId: string; licenseMode: LicenseMode }> {
    return { licenseManagerId, licenseMode: await this.pawsMode(this.endpointOf(await this.row(licenseManagerId))) };
  }

  /**
   * The guide's license mode change for a standalone PLM, the UC applications' way (TN119377): PAWS
   * `setDeploymentMode`, read back, `restartSystem`, `getRestartSystemStatus` until complete, read again.
   */
  async setLicenseMode(licenseManagerId: string, mode: LicenseMode) {
    const endpoint = this.endpointOf(await this.row(licenseManagerId));
    const previous = await this.pawsMode(endpoint);
    if (previous === mode) return { licenseManagerId, licenseMode: mode, previousLicenseMode: previous };
    await this.client.paws(endpoint, 'setDeploymentMode', [mode], deploymentModeReturnSchema, { retry: false });
    const set = await this.pawsMode(endpoint);
    if (set !== mode) throw new PlmCallError('refused', `The License Manager kept deployment mode ${set} after setDeploymentMode ${mode}`, { address: endpoint.address });
    await this.restart(endpoint);
    return { licenseManagerId, licenseMode: await this.pawsMode(endpoint), previousLicenseMode: previous };
  }

  private async pawsMode(endpoint: PlmEndpoint): Promise<LicenseMode> {
    const answer = await this.client.paws(endpoint, 'getDeploymentMode', [], deploymentModeReturnSchema, { retry: true });
    if (!isLicenseMode(answer.deploymentMode)) throw new PlmCallError('invalid-answer', `PAWS getDeploymentMode answered ${answer.deploymentMode ?? 'nothing'}`, { address: endpoint.address });
    return answer.deploymentMode;
  }

  /** restartSystem drops the connection as PLM goes down (PAWS: no answer on success); then poll until it is back. */
  private async restart(endpoint: PlmEndpoint): Promise<void> {
    try {
      await this.client.paws(endpoint, 'restartSystem', [], pawsReturnSchema, { retry: false });
    } catch (error) {
      if (!(error instanceof PlmCallError && error.reason === 'unreachable' && !NOT_SENT.has(String(error.details.cause)))) throw error;
    }
    const deadline = Date.now() + this.rebootDeadlineMs;
    for (;;) {
      await new Promise((r) => setTimeout(r, this.rebootPollMs));
      try {
        const status = await this.client.paws(endpoint, 'getRestartSystemStatus', [], restartStatusReturnSchema, { retry: false, expectDown: true });
        if (status.restartSystemStatus === PAWS_RESULT.complete) return;
      } catch (error) {
        if (!(error instanceof PlmCallError && error.reason === 'unreachable')) throw error;
      }
      if (Date.now() > deadline) throw new PlmCallError('unreachable', `The License Manager did not come back within ${this.rebootDeadlineMs} ms of its restart`, { address: endpoint.address, cause: 'restart' });
    }
  }

  private async row(licenseManagerId: string): Promise<PlmConnectionRow> {
    const row = await this.connections.find(licenseManagerId);
    if (!row) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.PLM_CONNECTION_UNKNOWN, { licenseManagerId });
    return row;
  }

  private endpointOf(row: PlmConnectionRow): PlmEndpoint {
    return { address: row.hostname, port: row.port, credentials: { username: row.username, password: this.vault.openPlmPassword(row.licenseManagerId, row.passwordCiphertext) }, tls: row.tls };
  }

  private async connection(licenseManagerId: string): Promise<PlmTarget> {
    const row = await this.row(licenseManagerId);
    return { endpoint: this.endpointOf(row), apiVersion: row.apiVersion as PlmApiVersion };
  }
}
