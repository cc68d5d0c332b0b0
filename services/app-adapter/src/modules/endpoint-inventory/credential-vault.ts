import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '#libs/secrets';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';

/** Whose proxy a sealed proxy password belongs to: a cluster's (endpoint row) or a customer's. */
export type ProxyOwner = 'endpoint' | 'customer';

/** Encrypts application credentials and proxy passwords at rest; the AAD binds a ciphertext to its row. */
@Injectable()
export class CredentialVault {
  private readonly box: SecretBox;

  constructor(@Inject(SERVICE_CONFIG) config: AppAdapterConfig) {
    this.box = new SecretBox(config.SMARTLIC_ENCRYPTION_KEYS);
  }

  seal(clusterId: string, credentials: unknown): string {
    return this.box.encryptJson(credentials, `app_adapter.endpoint.credentials:${clusterId}`);
  }

  open<T>(clusterId: string, ciphertext: string): T {
    return this.box.decryptJson<T>(ciphertext, `app_adapter.endpoint.credentials:${clusterId}`);
  }

  sealProxyPassword(owner: ProxyOwner, id: string, password: string): string {
    return this.box.encrypt(password, `app_adapter.${owner}.proxy_password:${id}`);
  }

  openProxyPassword(owner: ProxyOwner, id: string, ciphertext: string): string {
    return this.box.decrypt(ciphertext, `app_adapter.${owner}.proxy_password:${id}`);
  }

  /** A License Manager's OS admin password, bound to its plm_connection row. */
  sealPlmPassword(licenseManagerId: string, password: string): string {
    return this.box.encrypt(password, `app_adapter.plm_connection.password:${licenseManagerId}`);
  }

  openPlmPassword(licenseManagerId: string, ciphertext: string): string {
    return this.box.decrypt(ciphertext, `app_adapter.plm_connection.password:${licenseManagerId}`);
  }
}
