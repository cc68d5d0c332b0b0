import { Injectable } from '@nestjs/common';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { APPLICATION_OF_TYPE, lmName, reportLicenseOf } from './report-license.js';
import { csvLine, put, spreadsheetSafe } from './report-output.js';
import { ReportDataRepository, type ClusterUsageRow, type PlmClusterUsageRow } from './report-data.repository.js';

/**
 * HLM report columns; "LM Name" holds the PLM's hostname for a PLM-licensed cluster and `VA@SA` for a smart one
 * (guide: "Smart Licensing Reports", Note: "The LM Name column of the HLM report shows the virtual account along
 * with the PLM"). Transport Mode is empty for PLM rows: a PLM has none.
 */
export const HLM_COLUMNS = ['Customer Name', 'Cluster Name', 'Application', 'Version', 'LM Name', 'Transport Mode', 'License Type', 'License Count', 'License Mode', 'Cluster Status'] as const;

const hlmRow = (r: ClusterUsageRow): (string | number)[] => [
  r.customerName,
  r.clusterName,
  r.type,
  r.version,
  r.virtualAccount && r.transport ? lmName(r.virtualAccount, r.transport, r.domain, r.localAccount) : '',
  r.transport ?? '',
  reportLicenseOf(r.license, r.applicationType)?.licenseType ?? r.license,
  r.count,
  r.licenseMode ?? '',
  r.status ?? '',
];

const plmRow = (r: PlmClusterUsageRow): (string | number)[] => [
  r.customerName,
  r.clusterName,
  r.type,
  r.version,
  r.hostname,
  '',
  reportLicenseOf(r.licenseType, APPLICATION_OF_TYPE[r.type])?.licenseType ?? r.licenseType,
  r.count,
  r.licenseMode ?? '',
  r.status ?? '',
];

/** The HLM license usage report per cluster, as CSV or as an Excel workbook written as a stream. */
@Injectable()
export class HlmReport {
  constructor(private readonly data: ReportDataRepository) {}

  async writeCsv(out: Writable): Promise<void> {
    await put(out, csvLine(HLM_COLUMNS));
    for await (const batch of this.data.plmClusterUsage()) await put(out, batch.map((r) => csvLine(plmRow(r))).join(''));
    for await (const batch of this.data.clusterUsage()) await put(out, batch.map((r) => csvLine(hlmRow(r))).join(''));
  }

  async writeXlsx(out: Writable): Promise<void> {
    // The streaming writer commits each row to `out`: the workbook is never whole in memory.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet('HLM');
    sheet.addRow([...HLM_COLUMNS]).commit();
    for await (const batch of this.data.plmClusterUsage()) {
      for (const r of batch) sheet.addRow(plmRow(r).map(spreadsheetSafe)).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    for await (const batch of this.data.clusterUsage()) {
      for (const r of batch) sheet.addRow(hlmRow(r).map(spreadsheetSafe)).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  }
}
