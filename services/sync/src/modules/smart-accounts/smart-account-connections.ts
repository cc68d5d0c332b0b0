import { Injectable } from '@nestjs/common';
import type { CssmConnection } from '../cssm/cssm-connection.js';
import { onPremApiBase } from '../cssm/cssm-wire.js';
import { SmartAccountSecrets } from './smart-account-secrets.js';
import type { SmartAccountSettings } from './smart-account.repository.js';

/** How to reach the CSSM (or satellite) of a smart account, secrets decrypted for the call only. */
@Injectable()
export class SmartAccountConnections {
  constructor(private readonly secrets: SmartAccountSecrets) {}

  /** Of a stored account, or of settings about to be saved (`updatedAt` tells cached tokens apart). */
  for(row: SmartAccountSettings & { updatedAt: Date }): CssmConnection {
    const key = `${row.id}@${row.updatedAt.getTime()}`;
    const clientSecret = this.secrets.decryptClientSecret(row.id, row.clientSecret);
    if (row.transportMode === 'Satellite') {
      const satellite = row.satellite!;
      return { key, realm: 'onprem', tokenUrl: satellite.tokenUrl, apiBaseUrl: onPremApiBase(satellite.tokenUrl), account: satellite.localAccount, clientId: row.clientId, clientSecret };
    }
    const proxy =
      row.transportMode === 'Proxy' && row.proxy
        ? { ...row.proxy, password: row.proxyPassword ? this.secrets.decryptProxyPassword('smart_account', row.id, row.proxyPassword) : null }
        : undefined;
    return {
      key,
      realm: 'cloud',
      tokenUrl: row.authenticationGateway!,
      apiBaseUrl: row.cssmServer!.replace(/\/+$/, ''),
      account: row.domain,
      clientId: row.clientId,
      clientSecret,
      ...(proxy ? { proxy } : {}),
    };
  }
}
