import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module.js';
import { ReportDeliveryHandler } from './report-delivery.handler.js';
import { ReportDeliveryRepository } from './report-delivery.repository.js';
import { ReportDeliveryScheduler } from './report-delivery.scheduler.js';
import { ReportDeliveryService } from './report-delivery.service.js';
import { SftpUploader } from './sftp-uploader.client.js';

@Module({
  imports: [ReportsModule],
  controllers: [ReportDeliveryHandler],
  providers: [ReportDeliveryRepository, ReportDeliveryService, ReportDeliveryScheduler, SftpUploader],
})
export class ReportDeliveryModule {}
