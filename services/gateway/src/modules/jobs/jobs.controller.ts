import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PathParam, RESOURCE_IDS, ValidQuery } from '../../common/params/request-params.js';
import { jobListQuerySchema, type JobListQuery } from './jobs.dto.js';
import { JobsService } from './jobs.service.js';
import { ApiResult } from '../../common/params/api-result.js';
import { RegistrationCommands, ReportingCommands } from '#libs/contracts';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiOperation({ summary: 'Jobs: job type, entity type and name, initiated, completed, status, description, status information, recommended action' })
  // Registration's cluster-job list and reporting's unified one answer the same shape (both lists of jobSchema).
  @ApiResult(ReportingCommands.listJobs)
  list(@ValidQuery(jobListQuerySchema) query: JobListQuery) {
    return this.jobs.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One job' })
  @ApiResult(RegistrationCommands.getJob)
  get(@PathParam('id', RESOURCE_IDS.job) id: string) {
    return this.jobs.get(id);
  }
}
