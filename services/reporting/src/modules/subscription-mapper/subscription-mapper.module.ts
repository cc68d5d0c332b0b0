import { Module } from '@nestjs/common';
import { LicenseHistoryModule } from '../license-history/license-history.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { SubscriptionMapperHandler } from './subscription-mapper.handler.js';
import { SubscriptionMapperRepository } from './subscription-mapper.repository.js';
import { SubscriptionMapperService } from './subscription-mapper.service.js';

@Module({ imports: [ReportsModule, LicenseHistoryModule], controllers: [SubscriptionMapperHandler], providers: [SubscriptionMapperRepository, SubscriptionMapperService] })
export class SubscriptionMapperModule {}
