import { Module } from '@nestjs/common';
import { FlexUsageReport } from './flex-usage.report.js';
import { HlmReport } from './hlm.report.js';
import { ReportDataRepository } from './report-data.repository.js';
import { ReportGenerator } from './report-generator.js';
import { ReportRunsService } from './report-runs.service.js';
import { ReportStoreRepository } from './report-store.repository.js';
import { ReportsHandler } from './reports.handler.js';
import { ServiceInventoryReport } from './service-inventory.report.js';

@Module({
  controllers: [ReportsHandler],
  providers: [ReportDataRepository, ReportStoreRepository, ServiceInventoryReport, HlmReport, FlexUsageReport, ReportGenerator, ReportRunsService],
  exports: [ReportDataRepository, FlexUsageReport, ReportGenerator, ReportRunsService],
})
export class ReportsModule {}
