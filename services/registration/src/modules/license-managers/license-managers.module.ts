import { Module, type OnModuleInit } from '@nestjs/common';
import { ClusterFactsRepository } from '../assignment/cluster-facts.repository.js';
import { AutoRegistrationModule } from '../auto-registration/auto-registration.module.js';
import { JobCompletionHooks } from '../jobs/job-completion.hooks.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { LicenseManagementRepository } from './license-management.repository.js';
import { LicenseManagementService } from './license-management.service.js';
import { LicenseManagerRepository } from './license-manager.repository.js';
import { LicenseManagersHandler } from './license-managers.handler.js';
import { LicenseManagersService } from './license-managers.service.js';
import { PlmAssignmentRepository } from './plm-assignment.repository.js';
import { PlmAssignmentService } from './plm-assignment.service.js';

/** Prime License Manager instances and PLM assignments (issue 17). */
@Module({
  imports: [JobsModule, AutoRegistrationModule],
  controllers: [LicenseManagersHandler],
  providers: [LicenseManagerRepository, PlmAssignmentRepository, LicenseManagementRepository, LicenseManagersService, PlmAssignmentService, LicenseManagementService, ClusterFactsRepository],
  exports: [LicenseManagerRepository, PlmAssignmentRepository, PlmAssignmentService],
})
export class LicenseManagersModule implements OnModuleInit {
  constructor(
    private readonly hooks: JobCompletionHooks,
    private readonly assignments: PlmAssignmentService,
  ) {}

  onModuleInit(): void {
    this.hooks.register((m, job, succeeded) => this.assignments.jobFinished(m, job, succeeded));
  }
}
