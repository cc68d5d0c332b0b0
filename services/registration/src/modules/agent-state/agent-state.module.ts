import { Module } from '@nestjs/common';
import { ClusterSummaryModule } from '../cluster-summary/cluster-summary.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { AgentStateHandler } from './agent-state.handler.js';
import { AgentStateRepository } from './agent-state.repository.js';
import { AgentStateService } from './agent-state.service.js';
import { AgentStatusClient } from './agent-status.client.js';
import { StatusRefreshHandler } from './status-refresh.handler.js';
import { StatusRefreshRepository } from './status-refresh.repository.js';
import { StatusRefreshScheduler } from './status-refresh.scheduler.js';
import { StatusRefreshService } from './status-refresh.service.js';

/**
 * The smart agent's state as observed on the applications (app-adapter's status events, status refreshes on demand
 * and on schedule), which the Cluster Summary shows beside the job-driven statuses.
 */
@Module({
  imports: [ClusterSummaryModule, JobsModule],
  controllers: [AgentStateHandler, StatusRefreshHandler],
  providers: [AgentStateRepository, AgentStateService, AgentStatusClient, StatusRefreshRepository, StatusRefreshService, StatusRefreshScheduler],
  exports: [AgentStateRepository],
})
export class AgentStateModule {}
