import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SmartlicException, SMARTLIC_ERROR_CODES, type ClusterType, type CommandRequest, type PlmCaaCommands, type PlmConnectionState, type PlmInventory } from '#libs/contracts';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';
import { PlmCallError, PlmClient, type PlmEndpoint, type PlmTarget } from '../../drivers/plm/plm.client.js';
import type { PlmApiVersion, PlmProduct } from '../../drivers/plm/plm.wire-format.js';
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

  constructor(
    @Inject(SERVICE_CONFIG) config: AppAdapterConfig,
    private readonly connections: PlmConnectionRepository,
    private readonly vault: CredentialVault,
    private readonly credentials: ProvisioningCredentials,
  ) {
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
    else if (prior) password = this.vault.openPlmPassword(prior.license_manager_id, prior.password_ciphertext);
    else throw new SmartlicException({ code: SMARTLIC_ERROR_CODES.INVALID_REQUEST, message: 'encryptedPassword: is required for a License Manager app-adapter has no connection for' });
    // An edit without tls keeps the stored trust, as one without a password keeps the stored password.
    const tls = request.tls ?? prior?.tls ?? null;
    if (tls?.insecureSkipVerify) this.logger.warn(`License Manager ${request.hostname}: certificate verification turned off by the operator`);
    const connection = await this.client.validate({ address: request.hostname, port: request.port, credentials: { username: request.username, password }, tls });
    // HCM-F sets the deployment mode of a PLM it adds (TN119377); an edit keeps the mode the operator chose since.
    const licenseMode = prior ? connection.about.deploymentMode : await this.client.setDeploymentMode(connection, 'HCS');
    await this.connections.upsert({
      license_manager_id: request.licenseManagerId,
      hostname: request.hostname,
      port: request.port,
      username: request.username,
      password_ciphertext: this.vault.sealPlmPassword(request.licenseManagerId, password),
      tls,
      version: connection.about.version,
      api_version: connection.apiVersion,
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

  async licenseMode(licenseManagerId: string): Promise<{ licenseManagerId: string; licenseMode: 'HCS' | 'Enterprise' }> {
    const row = await this.row(licenseManagerId);
    // PLM's about resource answers the deployment mode with the version.
    const connection = await this.client.validate(this.endpointOf(row));
    return { licenseManagerId, licenseMode: connection.about.deploymentMode };
  }

  async setLicenseMode(licenseManagerId: string, mode: 'HCS' | 'Enterprise') {
    const row = await this.row(licenseManagerId);
    const before = await this.client.validate(this.endpointOf(row));
    const licenseMode = before.about.deploymentMode === mode ? mode : await this.client.setDeploymentMode(before, mode);
    return { licenseManagerId, licenseMode, previousLicenseMode: before.about.deploymentMode };
  }

  private async row(licenseManagerId: string): Promise<PlmConnectionRow> {
    const row = await this.connections.find(licenseManagerId);
    if (!row) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.PLM_CONNECTION_UNKNOWN, { licenseManagerId });
    return row;
  }

  private endpointOf(row: PlmConnectionRow): PlmEndpoint {
    return { address: row.hostname, port: row.port, credentials: { username: row.username, password: this.vault.openPlmPassword(row.license_manager_id, row.password_ciphertext) }, tls: row.tls };
  }

  private async connection(licenseManagerId: string): Promise<PlmTarget> {
    const row = await this.row(licenseManagerId);
    return { endpoint: this.endpointOf(row), apiVersion: row.api_version as PlmApiVersion };
  }
}
