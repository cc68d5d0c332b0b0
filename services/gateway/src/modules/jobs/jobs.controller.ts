import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import { jobListQuerySchema, type JobListQuery } from './jobs.dto.js';
import { JobsService } from './jobs.service.js';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiOperation({ summary: 'Jobs: job type, entity type and name, initiated, completed, status, description, status information, recommended action' })
  list(@Query(new ZodValidationPipe(jobListQuerySchema)) query: JobListQuery) {
    return this.jobs.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One job' })
  get(@Param('id') id: string) {
    return this.jobs.get(id);
  }
}
