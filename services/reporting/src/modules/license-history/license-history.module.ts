import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module.js';
import { LicenseHistoryHandler } from './license-history.handler.js';
import { LicenseHistoryRepository } from './license-history.repository.js';
import { LicenseHistoryService } from './license-history.service.js';

@Module({ imports: [ReportsModule], controllers: [LicenseHistoryHandler], providers: [LicenseHistoryRepository, LicenseHistoryService], exports: [LicenseHistoryRepository] })
export class LicenseHistoryModule {}
