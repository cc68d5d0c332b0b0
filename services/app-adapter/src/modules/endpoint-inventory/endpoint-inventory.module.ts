import { Module } from '@nestjs/common';
import { CredentialVault } from './credential-vault.js';
import { EndpointInventoryService } from './endpoint-inventory.service.js';
import { EndpointRepository } from './endpoint.repository.js';
import { EndpointProvisioningHandler } from './provisioning.handler.js';

@Module({ controllers: [EndpointProvisioningHandler], providers: [CredentialVault, EndpointRepository, EndpointInventoryService], exports: [EndpointRepository, CredentialVault] })
export class EndpointInventoryModule {}
