import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module.js';
import { LicenseDashboardHandler } from './license-dashboard.handler.js';
import { LicenseDashboardService } from './license-dashboard.service.js';

@Module({ imports: [ReportsModule], controllers: [LicenseDashboardHandler], providers: [LicenseDashboardService] })
export class LicenseDashboardModule {}
