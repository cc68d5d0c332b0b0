import { Injectable } from '@nestjs/common';
import type { CssmConnection } from '../cssm/cssm-connection.js';
import { onPremApiBase } from '../cssm/cssm-wire.js';
import { SmartAccountSecrets } from './smart-account-secrets.js';
import type { SmartAccountSettings } from './smart-account.repository.js';

/** How to reach the CSSM (or satellite) of a smart account, secrets decrypted for the call only. */
@Injectable()
export class SmartAccountConnections {
  constructor(private readonly secrets: SmartAccountSecrets) {}

  /** Of a stored account, or of settings about to be saved (`updated_at` tells cached tokens apart). */
  for(row: SmartAccountSettings & { updated_at: Date }): CssmConnection {
    const key = `${row.id}@${row.updated_at.getTime()}`;
    const clientSecret = this.secrets.decryptClientSecret(row.id, row.client_secret);
    if (row.transport_mode === 'Satellite') {
      const satellite = row.satellite!;
      return { key, realm: 'onprem', tokenUrl: satellite.tokenUrl, apiBaseUrl: onPremApiBase(satellite.tokenUrl), account: satellite.localAccount, clientId: row.client_id, clientSecret };
    }
    const proxy =
      row.transport_mode === 'Proxy' && row.proxy
        ? { ...row.proxy, password: row.proxy_password ? this.secrets.decryptProxyPassword('smart_account', row.id, row.proxy_password) : null }
        : undefined;
    return {
      key,
      realm: 'cloud',
      tokenUrl: row.authentication_gateway!,
      apiBaseUrl: row.cssm_server!.replace(/\/+$/, ''),
      account: row.domain,
      clientId: row.client_id,
      clientSecret,
      ...(proxy ? { proxy } : {}),
    };
  }
}
