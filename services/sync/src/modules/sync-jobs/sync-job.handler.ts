import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SmartlicException, SyncCommands, type CommandRequest } from '#libs/contracts';
import { COMMAND_ERROR_CODES, OnCommand } from '#libs/messaging';
import { SyncJobService } from './sync-job.service.js';

/** Smart Account Sync commands. */
@Controller()
export class SyncJobHandler {
  constructor(private readonly jobs: SyncJobService) {}

  @OnCommand(SyncCommands.syncSmartAccount)
  sync(@Payload() request: CommandRequest<typeof SyncCommands.syncSmartAccount>) {
    return this.jobs.start(request.smartAccountId, 'on-demand');
  }

  @OnCommand(SyncCommands.listSyncJobs)
  list(@Payload() request: CommandRequest<typeof SyncCommands.listSyncJobs>) {
    return this.jobs.list(request.smartAccountId, request.limit ?? 100, request.offset ?? 0);
  }

  @OnCommand(SyncCommands.getSyncJob)
  async get(@Payload() request: CommandRequest<typeof SyncCommands.getSyncJob>) {
    const job = await this.jobs.get(request.id);
    if (!job) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Sync job ${request.id} does not exist` });
    return job;
  }
}
