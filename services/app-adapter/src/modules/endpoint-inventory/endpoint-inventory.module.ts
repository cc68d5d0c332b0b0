import { Module } from '@nestjs/common';
import { CredentialVault } from './credential-vault.js';
import { CustomerInventoryService } from './customer-inventory.service.js';
import { CustomerProvisioningHandler } from './customer-provisioning.handler.js';
import { CustomerRepository } from './customer.repository.js';
import { EndpointInventoryService } from './endpoint-inventory.service.js';
import { EndpointChangesPort } from './endpoint-changes.port.js';
import { EndpointCache } from './endpoint.cache.js';
import { EndpointRepository } from './endpoint.repository.js';
import { EndpointProvisioningHandler } from './provisioning.handler.js';
import { ProvisioningCredentials } from './provisioning-credentials.js';
import { ProvisioningKeyHandler } from './provisioning-key.handler.js';
import { ProxyCredentialsResolver } from './proxy-credentials.resolver.js';

@Module({
  controllers: [EndpointProvisioningHandler, CustomerProvisioningHandler, ProvisioningKeyHandler],
  providers: [CredentialVault, EndpointRepository, EndpointChangesPort, EndpointCache, EndpointInventoryService, CustomerRepository, CustomerInventoryService, ProxyCredentialsResolver, ProvisioningCredentials],
  exports: [EndpointRepository, EndpointCache, ProxyCredentialsResolver, CredentialVault, ProvisioningCredentials],
})
export class EndpointInventoryModule {}
