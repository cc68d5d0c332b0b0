import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportingCommands, type Job } from '#libs/contracts';
import { CommandClient, CommandFailedError } from '#libs/messaging';
import { generateKey } from '#libs/secrets';
import { startService, type RunningService } from '#libs/service-kit';
import { createTestEnvironment, eventually, type TestEnvironment } from '#libs/testing';
import { reportingService } from '../../../reporting.service-definition.js';
import { ReportDeliveryService } from '../report-delivery.service.js';
import { clientKey, startOpenSshServer, type OpenSshServer } from './openssh-server.fixture.js';

describe('SFTP delivery of reports to a real OpenSSH server (primary, then backup)', () => {
  let root: string;
  let env: TestEnvironment;
  let service: RunningService<unknown>;
  let commands: CommandClient;
  let primary: OpenSshServer;
  let backup: OpenSshServer;
  let privateKey: string;

  const delivered = (server: OpenSshServer) => readdirSync(server.inbox).sort();

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'smartlic-sftp-'));
    privateKey = clientKey(root);
    primary = await startOpenSshServer(root, 'primary');
    backup = await startOpenSshServer(root, 'backup');
    env = await createTestEnvironment('sftp');
    service = (await startService(reportingService, {
      env: { ...env.env, PORT: '0', SMARTLIC_ENCRYPTION_KEYS: generateKey('test'), REPORTING_DELIVERY_TICK_MS: '0', REPORTING_SFTP_TIMEOUT_MS: '5s' },
      host: '127.0.0.1',
    })) as RunningService<unknown>;
    commands = service.app.get(CommandClient);
  });

  afterAll(async () => {
    await service?.close();
    await env?.cleanup();
    await primary?.stop();
    await backup?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('stores the delivery settings with the credentials encrypted and never returned', async () => {
    const server = (s: OpenSshServer) => ({ host: '127.0.0.1', port: s.port, username: s.username, privateKey, directory: s.inbox });
    const view = await commands.request(ReportingCommands.setReportDelivery, { primary: server(primary), backup: server(backup), reportTypes: ['service-inventory', 'hlm-xlsx'], intervalMinutes: 60 });
    expect(view).toMatchObject({ primary: { host: '127.0.0.1', port: primary.port, authentication: 'privateKey' }, backup: { port: backup.port }, reportTypes: ['service-inventory', 'hlm-xlsx'], enabled: true });
    expect(JSON.stringify(view)).not.toContain('PRIVATE KEY');
    const stored = JSON.stringify(await service.dataSource.query('SELECT * FROM report_delivery'));
    expect(stored).not.toContain('PRIVATE KEY');
    expect(stored).not.toContain(privateKey.split('\n')[1]!);
  });

  it('delivers the reports to the primary server, as a job', async () => {
    const result = await commands.request(ReportingCommands.runReportDelivery, {});
    expect(result).toMatchObject({ server: 'primary', host: '127.0.0.1', primaryError: null });
    expect(delivered(primary)).toEqual([expect.stringMatching(/^hlm-report-\d{8}T\d{6}Z\.xlsx$/), expect.stringMatching(/^service-inventory-license-summary-\d{8}T\d{6}Z\.txt$/)]);
    const summary = delivered(primary).find((f) => f.endsWith('.txt'))!;
    expect(readFileSync(join(primary.inbox, summary), 'utf8')).toBe('|LICENSESUMMARYSTART|\n|LICENSESUMMARYEND|\n');
    expect(readFileSync(join(primary.inbox, delivered(primary).find((f) => f.endsWith('.xlsx'))!)).subarray(0, 2).toString()).toBe('PK');
    expect(delivered(backup)).toEqual([]);
    const jobs = await eventually(async () => {
      const { items } = await commands.request(ReportingCommands.listJobs, { service: 'reporting', status: 'Succeeded' });
      return items.some((j: Job) => j.jobType === 'Report Delivery') ? items : undefined;
    }, { what: 'the delivery job' });
    expect(jobs.find((j) => j.jobType === 'Report Delivery')!.statusInfo).toContain('primary server');
  });

  it('delivers to the backup server when the primary fails, on schedule', async () => {
    await primary.stop();
    const before = delivered(primary).length;
    // Make the schedule due and let the scheduler's check run it.
    await service.dataSource.query("UPDATE report_delivery SET next_run_at = now() - interval '1 minute'");
    await service.app.get(ReportDeliveryService).runIfDue();
    expect(delivered(backup)).toHaveLength(2);
    expect(delivered(primary)).toHaveLength(before);
    const view = await commands.request(ReportingCommands.getReportDelivery, {});
    expect(view.lastResult).toMatch(/^Delivered 2 file\(s\) to the backup server 127\.0\.0\.1 \(primary failed: /);
    expect(new Date(view.nextRunAt!).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('fails with the recommended action when no server takes the reports', async () => {
    await backup.stop();
    let error: CommandFailedError | undefined;
    await commands.request(ReportingCommands.runReportDelivery, {}).catch((e: unknown) => (error = e as CommandFailedError));
    expect(error).toBeInstanceOf(CommandFailedError);
    expect(error!.error).toMatchObject({ code: 'REPORT_DELIVERY_FAILED', message: expect.stringContaining('backup SFTP server'), recommendedAction: expect.stringContaining('SFTP credentials') });
    const failed = await eventually(async () => (await commands.request(ReportingCommands.listJobs, { service: 'reporting', status: 'Failed' })).items.find((j: Job) => j.jobType === 'Report Delivery'), { what: 'the failed delivery job' });
    expect(failed).toMatchObject({ errorCode: 'REPORT_DELIVERY_FAILED', recommendedAction: expect.stringContaining('backup servers') });
  });
});
