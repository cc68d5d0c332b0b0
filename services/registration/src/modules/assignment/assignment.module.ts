import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { VirtualAccountsModule } from '../virtual-accounts/virtual-accounts.module.js';
import { AssignmentHandler } from './assignment.handler.js';
import { AssignmentService } from './assignment.service.js';
import { ClusterFactsRepository } from './cluster-facts.repository.js';

@Module({ imports: [JobsModule, VirtualAccountsModule], controllers: [AssignmentHandler], providers: [AssignmentService, ClusterFactsRepository] })
export class AssignmentModule {}
