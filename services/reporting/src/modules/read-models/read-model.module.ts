import { Module } from '@nestjs/common';
import { LicenseHistoryModule } from '../license-history/license-history.module.js';
import { JobEventsHandler, RegistrationEventsHandler, SyncEventsHandler, UsageEventsHandler } from './read-model.handlers.js';
import { ReadModelRepository } from './read-model.repository.js';
import { ReadModelService } from './read-model.service.js';

@Module({
  imports: [LicenseHistoryModule],
  controllers: [SyncEventsHandler, RegistrationEventsHandler, UsageEventsHandler, JobEventsHandler],
  providers: [ReadModelRepository, ReadModelService],
  exports: [ReadModelService],
})
export class ReadModelModule {}
