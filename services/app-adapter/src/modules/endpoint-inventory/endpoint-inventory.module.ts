import { Module } from '@nestjs/common';
import { CredentialVault } from './credential-vault.js';
import { EndpointInventoryService } from './endpoint-inventory.service.js';
import { EndpointCache } from './endpoint.cache.js';
import { EndpointRepository } from './endpoint.repository.js';
import { EndpointProvisioningHandler } from './provisioning.handler.js';

@Module({ controllers: [EndpointProvisioningHandler], providers: [CredentialVault, EndpointRepository, EndpointCache, EndpointInventoryService], exports: [EndpointRepository, EndpointCache] })
export class EndpointInventoryModule {}
