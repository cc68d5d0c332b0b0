import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ReportingCommands, type ReportType } from '#libs/contracts';
import { OnCommand } from '#libs/messaging';
import { ReportRunsService } from './report-runs.service.js';

@Controller()
export class ReportsHandler {
  constructor(private readonly runs: ReportRunsService) {}

  @OnCommand(ReportingCommands.requestReport)
  request(@Payload() request: { type: ReportType }) {
    return this.runs.request(request.type);
  }

  @OnCommand(ReportingCommands.getReport)
  get(@Payload() request: { id: string }) {
    return this.runs.get(request.id);
  }

  @OnCommand(ReportingCommands.listReports)
  list(@Payload() request: { limit: number; offset: number }) {
    return this.runs.list(request.limit, request.offset);
  }

  @OnCommand(ReportingCommands.readReportChunk)
  chunk(@Payload() request: { id: string; seq: number }) {
    return this.runs.chunk(request.id, request.seq);
  }
}
