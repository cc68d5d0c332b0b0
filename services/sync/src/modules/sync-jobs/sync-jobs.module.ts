import { Module } from '@nestjs/common';
import { CssmModule } from '../cssm/cssm.module.js';
import { SmartAccountsModule } from '../smart-accounts/smart-accounts.module.js';
import { CssmFetcher } from './cssm-fetcher.js';
import { SyncJobHandler } from './sync-job.handler.js';
import { SyncJobRepository } from './sync-job.repository.js';
import { SyncJobService } from './sync-job.service.js';
import { SyncScheduler } from './sync-scheduler.js';
import { SyncedCopyRepository } from './synced-copy.repository.js';

/** Smart Account Sync: on save, on demand and on schedule. */
@Module({
  imports: [CssmModule, SmartAccountsModule],
  controllers: [SyncJobHandler],
  providers: [CssmFetcher, SyncedCopyRepository, SyncJobRepository, SyncJobService, SyncScheduler],
  exports: [SyncJobService, SyncedCopyRepository],
})
export class SyncJobsModule {}
