import { Module } from '@nestjs/common';
import { CssmModule } from '../cssm/cssm.module.js';
import { SmartAccountsModule } from '../smart-accounts/smart-accounts.module.js';
import { SyncJobsModule } from '../sync-jobs/sync-jobs.module.js';
import { VirtualAccountsModule } from '../virtual-accounts/virtual-accounts.module.js';
import { RegistrationTokenHandler } from './registration-token.handler.js';
import { RegistrationTokenService } from './registration-token.service.js';

/** Product registration tokens for cluster registration (`token.get`). */
@Module({
  imports: [CssmModule, SmartAccountsModule, SyncJobsModule, VirtualAccountsModule],
  controllers: [RegistrationTokenHandler],
  providers: [RegistrationTokenService],
})
export class RegistrationTokensModule {}
