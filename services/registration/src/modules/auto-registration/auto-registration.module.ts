import { Module, type OnModuleInit } from '@nestjs/common';
import { JobCompletionHooks } from '../jobs/job-completion.hooks.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { VirtualAccountsModule } from '../virtual-accounts/virtual-accounts.module.js';
import { AccountEventsHandler } from './account-events.handler.js';
import { AccountEventsService } from './account-events.service.js';
import { AutoRegistrationRepository } from './auto-registration.repository.js';
import { AutoRegistrationService } from './auto-registration.service.js';

/** Auto-registration of clusters to the operational virtual account (issue 7). */
@Module({
  imports: [JobsModule, VirtualAccountsModule],
  controllers: [AccountEventsHandler],
  providers: [AutoRegistrationRepository, AutoRegistrationService, AccountEventsService],
  exports: [AutoRegistrationService],
})
export class AutoRegistrationModule implements OnModuleInit {
  constructor(
    private readonly hooks: JobCompletionHooks,
    private readonly autoRegistration: AutoRegistrationService,
  ) {}

  onModuleInit(): void {
    this.hooks.register((m, job, succeeded) => this.autoRegistration.jobFinished(m, job, succeeded));
  }
}
