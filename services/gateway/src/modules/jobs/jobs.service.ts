import { Injectable } from '@nestjs/common';
import { RegistrationCommands } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import type { JobListQuery } from './jobs.dto.js';

/** Cluster jobs (registration); reporting later merges every service's jobs. */
@Injectable()
export class JobsService {
  constructor(private readonly commands: CommandClient) {}

  list(query: JobListQuery) {
    return this.commands.request(RegistrationCommands.listJobs, query);
  }

  get(id: string) {
    return this.commands.request(RegistrationCommands.getJob, { id });
  }
}
