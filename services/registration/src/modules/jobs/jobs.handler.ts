import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RegistrationCommands, SmartlicException, type CommandRequest, type ClusterJobListRequest } from '#libs/contracts';
import { COMMAND_ERROR_CODES, OnCommand } from '#libs/messaging';
import { JobRepository, jobView } from './job.repository.js';

/** The Jobs page for registration's cluster jobs. */
@Controller()
export class JobsHandler {
  constructor(private readonly jobs: JobRepository) {}

  @OnCommand(RegistrationCommands.listJobs)
  async list(@Payload() request: ClusterJobListRequest) {
    const page = await this.jobs.list(request);
    return { total: page.total, items: page.items.map(jobView) };
  }

  @OnCommand(RegistrationCommands.getJob)
  async get(@Payload() request: CommandRequest<typeof RegistrationCommands.getJob>) {
    const job = await this.jobs.get(request.id);
    if (!job) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Job ${request.id} does not exist` });
    return jobView(job);
  }
}
