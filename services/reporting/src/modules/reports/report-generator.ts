import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { ReportType } from '#libs/contracts';
import { FlexUsageReport } from './flex-usage.report.js';
import { HlmReport } from './hlm.report.js';
import { ServiceInventoryReport } from './service-inventory.report.js';

export const REPORT_FILES: Record<ReportType, { stem: string; extension: string; contentType: string }> = {
  'service-inventory': { stem: 'service-inventory-license-summary', extension: 'txt', contentType: 'text/plain; charset=utf-8' },
  'hlm-csv': { stem: 'hlm-report', extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  'hlm-xlsx': { stem: 'hlm-report', extension: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  'flex-usage': { stem: 'flex-usage-report', extension: 'csv', contentType: 'text/csv; charset=utf-8' },
};

export const reportFileName = (type: ReportType, at: Date): string =>
  `${REPORT_FILES[type].stem}-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.${REPORT_FILES[type].extension}`;

/** Writes a report of any type to a stream. */
@Injectable()
export class ReportGenerator {
  constructor(
    private readonly serviceInventory: ServiceInventoryReport,
    private readonly hlm: HlmReport,
    private readonly flexUsage: FlexUsageReport,
  ) {}

  write(type: ReportType, out: Writable): Promise<void> {
    switch (type) {
      case 'service-inventory':
        return this.serviceInventory.write(out);
      case 'hlm-csv':
        return this.hlm.writeCsv(out);
      case 'hlm-xlsx':
        return this.hlm.writeXlsx(out);
      case 'flex-usage':
        return this.flexUsage.write(out);
    }
  }
}
