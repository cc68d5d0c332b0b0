import { Injectable } from '@nestjs/common';
import { CredentialVault, type ProxyOwner } from './credential-vault.js';
import { CustomerRepository, type StoredProxy } from './customer.repository.js';

/** A proxy's user and password, decrypted for the call that sets them on the smart agent only. */
export interface ProxyCredentials {
  username: string;
  password?: string;
}

const names = (stored: StoredProxy | null, proxy: { host: string; port: number }): stored is StoredProxy =>
  stored !== null && stored.port === proxy.port && stored.host.toLowerCase() === proxy.host.toLowerCase();

/**
 * The credentials of the provisioned proxy a transport names (registration sends host and port only: secrets do not
 * travel between services): the cluster's own proxy when host and port match, else its customer's, except for an
 * Expressway-E, which uses a cluster-level proxy only (guide: "Expressway-E clusters are registered to CSSM via Direct
 * Mode, if Proxy is set at Customer Level"). Any other proxy gets none.
 */
@Injectable()
export class ProxyCredentialsResolver {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly vault: CredentialVault,
  ) {}

  async credentialsFor(clusterId: string, proxy: { host: string; port: number }): Promise<ProxyCredentials | undefined> {
    const provisioned = await this.customers.proxiesOf(clusterId);
    if (!provisioned) return undefined;
    if (names(provisioned.cluster, proxy)) return this.open('endpoint', clusterId, provisioned.cluster);
    if (provisioned.clusterType !== 'expressway-e' && names(provisioned.customer, proxy)) return this.open('customer', provisioned.customerId, provisioned.customer);
    return undefined;
  }

  private open(owner: ProxyOwner, id: string, stored: StoredProxy): ProxyCredentials | undefined {
    if (!stored.username) return undefined;
    return { username: stored.username, ...(stored.passwordCiphertext ? { password: this.vault.openProxyPassword(owner, id, stored.passwordCiphertext) } : {}) };
  }
}
