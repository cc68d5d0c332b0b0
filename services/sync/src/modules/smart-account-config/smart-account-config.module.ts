import { Module } from '@nestjs/common';
import { CssmModule } from '../cssm/cssm.module.js';
import { SmartAccountsModule } from '../smart-accounts/smart-accounts.module.js';
import { SyncJobsModule } from '../sync-jobs/sync-jobs.module.js';
import { VirtualAccountsModule } from '../virtual-accounts/virtual-accounts.module.js';
import { SmartAccountConfigHandler } from './smart-account-config.handler.js';
import { CssmVirtualAccountNames } from './cssm-virtual-account-names.js';
import { SmartAccountConfigService } from './smart-account-config.service.js';
import { TransportModeRepository } from './transport-mode.repository.js';

/** Configure Smart Account Access, Smart Account Summary and the Transport Mode page. */
@Module({
  imports: [CssmModule, SmartAccountsModule, SyncJobsModule, VirtualAccountsModule],
  controllers: [SmartAccountConfigHandler],
  providers: [SmartAccountConfigService, CssmVirtualAccountNames, TransportModeRepository],
})
export class SmartAccountConfigModule {}
