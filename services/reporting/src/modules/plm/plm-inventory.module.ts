import { Module } from '@nestjs/common';
import { PlmClusterLicense } from './plm-cluster-license.entity.js';
import { PlmCluster } from './plm-cluster.entity.js';
import { PlmCustomer } from './plm-customer.entity.js';
import { PlmEventsHandler } from './plm-inventory.handler.js';
import { PlmInventoryRepository } from './plm-inventory.repository.js';
import { PlmInventoryService } from './plm-inventory.service.js';
import { PlmLicenseManager } from './plm-license-manager.entity.js';
import { PlmLicense } from './plm-license.entity.js';

/** The PLM read models' entities, for the service's data source. */
export const PLM_ENTITIES = [PlmLicenseManager, PlmLicense, PlmCustomer, PlmCluster, PlmClusterLicense];

@Module({
  controllers: [PlmEventsHandler],
  providers: [PlmInventoryRepository, PlmInventoryService],
})
export class PlmInventoryModule {}
