import { Module } from '@nestjs/common';
import { AutoRegistrationModule } from '../auto-registration/auto-registration.module.js';
import { LicenseManagersModule } from '../license-managers/license-managers.module.js';
import { InventoryBatchRepository } from './inventory-batch.repository.js';
import { InventoryService } from './inventory.service.js';
import { ProvisioningHandler } from './provisioning.handler.js';

@Module({ imports: [AutoRegistrationModule, LicenseManagersModule], controllers: [ProvisioningHandler], providers: [InventoryBatchRepository, InventoryService] })
export class InventoryModule {}
