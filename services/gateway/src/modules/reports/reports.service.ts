import { Injectable } from '@nestjs/common';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ReportingCommands, type CommandResponse, type ReportRun } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import type { ReportDeliveryBody, ReportListQuery, ReportRequestBody } from './reports.dto.js';

/** Reports are jobs in reporting; content comes back chunk by chunk so the gateway never holds a whole report. */
@Injectable()
export class ReportsService {
  constructor(private readonly commands: CommandClient) {}

  request(body: ReportRequestBody) {
    return this.commands.request(ReportingCommands.requestReport, body);
  }

  list(query: ReportListQuery) {
    return this.commands.request(ReportingCommands.listReports, query);
  }

  get(id: string) {
    return this.commands.request(ReportingCommands.getReport, { id });
  }

  /**
   * The run and its first chunk: reporting refuses the chunk of a run that has not Succeeded (REPORT_NOT_READY), so
   * that error surfaces before any header is sent.
   */
  async open(id: string): Promise<{ run: ReportRun; first: CommandResponse<typeof ReportingCommands.readReportChunk> }> {
    const first = await this.commands.request(ReportingCommands.readReportChunk, { id, seq: 0 });
    return { run: await this.get(id), first };
  }

  async pipeContent(id: string, first: CommandResponse<typeof ReportingCommands.readReportChunk>, out: Writable): Promise<void> {
    for (let chunk = first; ; ) {
      if (chunk.data && !out.write(Buffer.from(chunk.data, 'base64'))) await once(out, 'drain');
      if (chunk.last) break;
      chunk = await this.commands.request(ReportingCommands.readReportChunk, { id, seq: chunk.seq + 1 });
    }
    out.end();
  }

  getDelivery() {
    return this.commands.request(ReportingCommands.getReportDelivery, {});
  }

  setDelivery(body: ReportDeliveryBody) {
    return this.commands.request(ReportingCommands.setReportDelivery, body);
  }

  runDelivery() {
    return this.commands.request(ReportingCommands.runReportDelivery, {});
  }
}
