import { Inject, Injectable } from '@nestjs/common';
import { clearPasswordRefusal, SmartlicException, type ClusterProvisioning, type CustomerProvisioning, type ProxySettings } from '#libs/contracts';
import { COMMAND_ERROR_CODES, PermanentMessageError } from '#libs/messaging';
import { ProvisioningDecryptionError, type ProvisioningKeyRing, type ProvisioningPublicJwk } from '#libs/secrets';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';

type Secretive = { password?: string; encryptedPassword?: string };

/**
 * Opens the credentials of provisioning events: every `encryptedPassword` (a JWE made with the deployment's public key)
 * becomes a clear password in memory, just before CredentialVault seals it at rest. With
 * PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS a clear password is refused. Both are permanent: the event is
 * dead-lettered naming the field.
 */
@Injectable()
export class ProvisioningCredentials {
  private readonly keys?: ProvisioningKeyRing;
  private readonly requireEncrypted: boolean;

  constructor(@Inject(SERVICE_CONFIG) config: Pick<AppAdapterConfig, 'PROVISIONING_DECRYPTION_KEYS' | 'PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS'>) {
    this.keys = config.PROVISIONING_DECRYPTION_KEYS;
    this.requireEncrypted = config.PROVISIONING_REQUIRE_ENCRYPTED_CREDENTIALS;
  }

  /** The public keys integrators encrypt with (current first); none when the deployment has no key. */
  publicKeys(): ProvisioningPublicJwk[] {
    return this.keys?.publicKeys() ?? [];
  }

  /** The cluster with its passwords in clear (never stored so: CredentialVault seals them). */
  async openCluster(c: ClusterProvisioning): Promise<ClusterProvisioning> {
    this.refuseClear(c);
    const credentials: ClusterProvisioning['credentials'] = {};
    for (const kind of ['admin', 'platform', 'http'] as const) {
      const credential = c.credentials[kind];
      if (credential) credentials[kind] = { username: credential.username, password: await this.open(`credentials.${kind}`, credential) };
    }
    return { ...c, credentials, proxy: c.proxy ? await this.openProxy(c.proxy) : c.proxy };
  }

  async openCustomer(c: CustomerProvisioning): Promise<CustomerProvisioning> {
    this.refuseClear(c);
    return { ...c, proxy: c.proxy ? await this.openProxy(c.proxy) : c.proxy };
  }

  /**
   * One secret encrypted for app-adapter outside a provisioning event (a License Manager's password from the gateway):
   * the clear text, or a SmartlicException naming the field (a command answers it, nothing is dead-lettered).
   */
  async openSecret(field: string, encrypted: string): Promise<string> {
    try {
      return (await this.open(field, { encryptedPassword: encrypted }))!;
    } catch (error) {
      if (error instanceof PermanentMessageError) throw new SmartlicException({ code: COMMAND_ERROR_CODES.invalidRequest, message: error.message });
      throw error;
    }
  }

  private refuseClear(data: ClusterProvisioning | CustomerProvisioning): void {
    const refusal = this.requireEncrypted ? clearPasswordRefusal(data) : null;
    if (refusal) throw new PermanentMessageError(refusal);
  }

  private async openProxy(proxy: ProxySettings): Promise<ProxySettings> {
    const { encryptedPassword: _sealed, ...rest } = proxy;
    const password = await this.open('proxy', proxy);
    return password === undefined ? rest : { ...rest, password };
  }

  private async open(field: string, holder: Secretive): Promise<string | undefined> {
    if (holder.encryptedPassword === undefined) return holder.password;
    if (!this.keys) throw new PermanentMessageError(`${field}.encryptedPassword: this deployment has no key to open it (PROVISIONING_DECRYPTION_KEYS is not set)`);
    try {
      return await this.keys.decrypt(holder.encryptedPassword);
    } catch (error) {
      if (error instanceof ProvisioningDecryptionError) throw new PermanentMessageError(`${field}.encryptedPassword ${error.message}`);
      throw error;
    }
  }
}
