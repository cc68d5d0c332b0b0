import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '#libs/secrets';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { SyncConfig } from '../../config/sync.config.js';

/**
 * Encryption at rest of sync's secrets (AES-256-GCM, key ring from SMARTLIC_ENCRYPTION_KEYS), each bound to its row
 * by the AAD `<schema>.<table>.<column>:<rowId>` so a ciphertext copied elsewhere does not decrypt.
 */
@Injectable()
export class SmartAccountSecrets {
  private readonly box: SecretBox;

  constructor(@Inject(SERVICE_CONFIG) config: SyncConfig) {
    this.box = new SecretBox(config.SMARTLIC_ENCRYPTION_KEYS);
  }

  encryptClientSecret(smartAccountId: string, secret: string): string {
    return this.box.encrypt(secret, `sync.smart_account.client_secret:${smartAccountId}`);
  }

  decryptClientSecret(smartAccountId: string, ciphertext: string): string {
    return this.box.decrypt(ciphertext, `sync.smart_account.client_secret:${smartAccountId}`);
  }

  encryptProxyPassword(table: 'smart_account' | 'transport_mode', rowId: string, password: string): string {
    return this.box.encrypt(password, `sync.${table}.proxy_password:${rowId}`);
  }

  decryptProxyPassword(table: 'smart_account' | 'transport_mode', rowId: string, ciphertext: string): string {
    return this.box.decrypt(ciphertext, `sync.${table}.proxy_password:${rowId}`);
  }

  encryptRegistrationToken(tokenId: string, token: string): string {
    return this.box.encrypt(token, `sync.registration_token.token:${tokenId}`);
  }

  decryptRegistrationToken(tokenId: string, ciphertext: string): string {
    return this.box.decrypt(ciphertext, `sync.registration_token.token:${tokenId}`);
  }
}
