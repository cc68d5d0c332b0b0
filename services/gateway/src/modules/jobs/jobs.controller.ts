import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PathParam, RESOURCE_IDS, ValidQuery } from '../../common/params/request-params.js';
import { jobListQuerySchema, type JobListQuery } from './jobs.dto.js';
import { JobsService } from './jobs.service.js';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiOperation({ summary: 'Jobs: job type, entity type and name, initiated, completed, status, description, status information, recommended action' })
  list(@ValidQuery(jobListQuerySchema) query: JobListQuery) {
    return this.jobs.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One job' })
  get(@PathParam('id', RESOURCE_IDS.job) id: string) {
    return this.jobs.get(id);
  }
}
