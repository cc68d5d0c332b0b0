import { Module } from '@nestjs/common';
import { EndpointInventoryModule } from '../endpoint-inventory/endpoint-inventory.module.js';
import { PlmConnectionRepository } from './plm-connection.repository.js';
import { PlmHandler } from './plm.handler.js';
import { PlmService } from './plm.service.js';

@Module({ imports: [EndpointInventoryModule], controllers: [PlmHandler], providers: [PlmConnectionRepository, PlmService] })
export class PlmModule {}
