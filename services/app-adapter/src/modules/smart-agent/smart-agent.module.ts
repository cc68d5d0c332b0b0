import { Module } from '@nestjs/common';
import { DriversModule } from '../../drivers/drivers.module.js';
import { EndpointInventoryModule } from '../endpoint-inventory/endpoint-inventory.module.js';
import { PendingLicenseModeChangeRepository } from '../license-mode-change/pending-license-mode-change.repository.js';
import { ClusterTargetResolver } from './cluster-target.resolver.js';
import { SmartAgentStateRepository } from './smart-agent-state.repository.js';
import { SmartAgentHandler } from './smart-agent.handler.js';
import { SmartAgentService } from './smart-agent.service.js';

@Module({
  imports: [EndpointInventoryModule, DriversModule],
  controllers: [SmartAgentHandler],
  providers: [ClusterTargetResolver, SmartAgentStateRepository, PendingLicenseModeChangeRepository, SmartAgentService],
  exports: [SmartAgentService],
})
export class SmartAgentModule {}
