import { Module } from '@nestjs/common';
import { SubscriptionMapperHandler } from './subscription-mapper.handler.js';
import { SubscriptionMapperRepository } from './subscription-mapper.repository.js';
import { SubscriptionMapperService } from './subscription-mapper.service.js';

@Module({ controllers: [SubscriptionMapperHandler], providers: [SubscriptionMapperRepository, SubscriptionMapperService] })
export class SubscriptionMapperModule {}
