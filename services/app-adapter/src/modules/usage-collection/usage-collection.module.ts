import { Module } from '@nestjs/common';
import { SmartAgentModule } from '../smart-agent/smart-agent.module.js';
import { UsageCollectionScheduleRepository } from './usage-collection-schedule.repository.js';
import { UsageCollectionHandler } from './usage-collection.handler.js';
import { UsageCollectionScheduler } from './usage-collection.scheduler.js';
import { UsageCollectionService } from './usage-collection.service.js';

@Module({ imports: [SmartAgentModule], controllers: [UsageCollectionHandler], providers: [UsageCollectionService, UsageCollectionScheduleRepository, UsageCollectionScheduler] })
export class UsageCollectionModule {}
