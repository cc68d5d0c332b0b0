import { Body, Controller, Get, HttpCode, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../../common/auth/roles.js';
import { bodySchema, PathParam, RESOURCE_IDS, ValidQuery } from '../../common/params/request-params.js';
import { ZodValidationPipe } from '../../common/pipes/zod-body.pipe.js';
import { reportDeliveryBodySchema, reportListQuerySchema, reportRequestBodySchema, type ReportDeliveryBody, type ReportListQuery, type ReportRequestBody } from './reports.dto.js';
import { ReportsService } from './reports.service.js';
import { ApiFileResult, ApiResult } from '../../common/params/api-result.js';
import { ReportingCommands } from '#libs/contracts';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('delivery')
  @ApiOperation({ summary: 'SFTP delivery settings of the reports (no credentials)' })
  @ApiResult(ReportingCommands.getReportDelivery)
  delivery() {
    return this.reports.getDelivery();
  }

  @Put('delivery')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Deliver reports on a schedule to a primary and optional backup SFTP server (credentials are write-only)' })
  @ApiBody({ schema: bodySchema(reportDeliveryBodySchema, { primary: { host: 'sftp.example.com', username: 'reports', password: 'secret', directory: 'hcs' }, reportTypes: ['hlm-csv'], intervalMinutes: 1440 }) })
  @ApiResult(ReportingCommands.setReportDelivery)
  setDelivery(@Body(new ZodValidationPipe(reportDeliveryBodySchema)) body: ReportDeliveryBody) {
    return this.reports.setDelivery(body);
  }

  @Post('delivery/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Generate the scheduled reports and deliver them now (backup server when the primary fails)' })
  @ApiResult(ReportingCommands.runReportDelivery)
  runDelivery() {
    return this.reports.runDelivery();
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Generate a report as a job: service-inventory, hlm-csv, hlm-xlsx or flex-usage' })
  @ApiBody({ schema: bodySchema(reportRequestBodySchema, { type: 'hlm-csv' }) })
  @ApiResult(ReportingCommands.requestReport, 202)
  request(@Body(new ZodValidationPipe(reportRequestBodySchema)) body: ReportRequestBody) {
    return this.reports.request(body);
  }

  @Get()
  @ApiOperation({ summary: 'Report runs, newest first' })
  @ApiResult(ReportingCommands.listReports)
  list(@ValidQuery(reportListQuerySchema) query: ReportListQuery) {
    return this.reports.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A report run and its status' })
  @ApiResult(ReportingCommands.getReport)
  get(@PathParam('id', RESOURCE_IDS.report) id: string) {
    return this.reports.get(id);
  }

  @Get(':id/content')
  @ApiOperation({ summary: 'Download a generated report (streamed)' })
  @ApiFileResult('text/plain', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async content(@PathParam('id', RESOURCE_IDS.report) id: string, @Res() res: Response): Promise<void> {
    const { run, first } = await this.reports.open(id);
    res.status(200).setHeader('content-type', run.contentType);
    res.setHeader('content-disposition', `attachment; filename="${run.fileName}"`);
    if (run.bytes !== null) res.setHeader('content-length', String(run.bytes));
    try {
      await this.reports.pipeContent(id, first, res);
    } catch {
      // Headers are gone: the only honest signal left is an aborted transfer.
      res.destroy();
    }
  }
}
