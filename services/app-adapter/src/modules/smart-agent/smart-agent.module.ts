import { Module } from '@nestjs/common';
import { EndpointInventoryModule } from '../endpoint-inventory/endpoint-inventory.module.js';
import { SmartAgentHandler } from './smart-agent.handler.js';
import { SmartAgentService } from './smart-agent.service.js';

@Module({ imports: [EndpointInventoryModule], controllers: [SmartAgentHandler], providers: [SmartAgentService] })
export class SmartAgentModule {}
