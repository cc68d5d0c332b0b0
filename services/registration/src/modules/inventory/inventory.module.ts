import { Module } from '@nestjs/common';
import { InventoryRepository } from './inventory.repository.js';
import { InventoryService } from './inventory.service.js';
import { ProvisioningHandler } from './provisioning.handler.js';

@Module({ controllers: [ProvisioningHandler], providers: [InventoryRepository, InventoryService] })
export class InventoryModule {}
