import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ReportingCommands } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { JobsRepository, type JobQuery } from './jobs.repository.js';

@Controller()
export class JobsHandler {
  constructor(private readonly jobs: JobsRepository) {}

  @OnCommand(ReportingCommands.listJobs)
  list(@Payload() request: JobQuery) {
    return this.jobs.list(request);
  }
}
