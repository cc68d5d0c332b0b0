import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '#libs/secrets';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';

/** Encrypts application credentials at rest; the AAD binds a ciphertext to its cluster row. */
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
}
