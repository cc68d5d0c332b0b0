import { Module } from '@nestjs/common';
import { JobsHandler } from './jobs.handler.js';
import { JobsRepository } from './jobs.repository.js';

@Module({ controllers: [JobsHandler], providers: [JobsRepository] })
export class JobsModule {}
