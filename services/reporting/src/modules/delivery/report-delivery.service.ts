import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { DataSource } from 'typeorm';
import { JobEvents, SMARTLIC_ERROR_CATALOGUE, SmartlicException, type Job, type reportDeliveryRequestSchema, type reportDeliveryViewSchema, type reportDeliveryResultSchema } from '#libs/contracts';
import { COMMAND_ERROR_CODES, enqueueEvent } from '#libs/messaging';
import { SecretBox } from '#libs/secrets';
import { PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { ReportingConfig } from '../../config/reporting.config.js';
import { ReportRunsService } from '../reports/report-runs.service.js';
import type { ReportDelivery } from './report-delivery.entity.js';
import { ReportDeliveryRepository, type SftpServerSettings } from './report-delivery.repository.js';
import { SftpUploader, type SftpTarget } from './sftp-uploader.client.js';

type DeliveryRequest = z.infer<typeof reportDeliveryRequestSchema>;
type DeliveryView = z.infer<typeof reportDeliveryViewSchema>;
type DeliveryResult = z.infer<typeof reportDeliveryResultSchema>;
type ServerSecret = { password?: string; privateKey?: string };

const { code: REPORT_DELIVERY_FAILED, recommendedAction: DELIVERY_RECOMMENDATION } = SMARTLIC_ERROR_CATALOGUE.REPORT_DELIVERY_FAILED;

const AAD = { primary: 'reporting.report_delivery.primary_secret:1', backup: 'reporting.report_delivery.backup_secret:1' } as const;

const settingsOf = (s: DeliveryRequest['primary']): SftpServerSettings => ({
  host: s.host,
  port: s.port,
  username: s.username,
  directory: s.directory,
  authentication: s.privateKey ? 'privateKey' : 'password',
});

const view = (row: ReportDelivery): DeliveryView => ({
  ...row.settings,
  nextRunAt: row.nextRunAt?.toISOString() ?? null,
  lastRunAt: row.lastRunAt?.toISOString() ?? null,
  lastResult: row.lastResult,
});

/**
 * Scheduled delivery of reports to an SFTP server, to the backup server when the primary fails (HCM-F's Service
 * Inventory). Credentials are encrypted at rest and never returned or logged. Each delivery is a job.
 */
@Injectable()
export class ReportDeliveryService {
  private readonly box: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: ReportDeliveryRepository,
    private readonly runs: ReportRunsService,
    private readonly sftp: SftpUploader,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    this.box = new SecretBox(config.SMARTLIC_ENCRYPTION_KEYS);
  }

  async set(request: DeliveryRequest): Promise<DeliveryView> {
    const secret = (s: DeliveryRequest['primary']): ServerSecret => ({ password: s.password, privateKey: s.privateKey });
    const row = await this.deliveries.save(
      { primary: settingsOf(request.primary), backup: request.backup ? settingsOf(request.backup) : null, reportTypes: request.reportTypes, intervalMinutes: request.intervalMinutes, enabled: request.enabled },
      this.box.encryptJson(secret(request.primary), AAD.primary),
      request.backup ? this.box.encryptJson(secret(request.backup), AAD.backup) : null,
    );
    return view(row);
  }

  async get(): Promise<DeliveryView> {
    return view(await this.configured());
  }

  /** The scheduled run, when due. */
  async runIfDue(): Promise<void> {
    if (!(await this.deliveries.claimDue())) return;
    await this.deliver().catch((error: Error) => this.logger.warn({ err: error.message }, 'scheduled report delivery failed'));
  }

  async deliver(): Promise<DeliveryResult> {
    const row = await this.configured();
    const job = await this.startJob(row);
    try {
      const reports = [];
      for (const type of row.settings.reportTypes) {
        const run = await this.runs.generateNow(type, `Generate ${type} for SFTP delivery`);
        if (run.status !== 'Succeeded') throw new Error(`report ${type} could not be generated: ${run.statusInfo ?? run.status}`);
        reports.push(run);
      }
      const files = reports.map((r) => ({ name: r.fileName, content: () => this.runs.content(r.id) }));
      const timeout = this.config.REPORTING_SFTP_TIMEOUT_MS;
      const primary = this.target(row.settings.primary, row.primarySecret, AAD.primary);
      let primaryError: string | null = null;
      try {
        const written = await this.sftp.upload(primary, files, timeout);
        return await this.finish(job, row, { server: 'primary', host: primary.host, files: written, primaryError: null });
      } catch (error) {
        primaryError = (error as Error).message;
        this.logger.warn({ host: primary.host, err: primaryError }, 'primary SFTP server failed; trying the backup server');
        if (!row.settings.backup || !row.backupSecret) throw new Error(`primary SFTP server ${primary.host}:${primary.port} failed: ${primaryError}; no backup server configured`, { cause: error });
      }
      const backup = this.target(row.settings.backup, row.backupSecret, AAD.backup);
      try {
        const written = await this.sftp.upload(backup, files, timeout);
        return await this.finish(job, row, { server: 'backup', host: backup.host, files: written, primaryError });
      } catch (error) {
        throw new Error(`primary SFTP server ${primary.host}:${primary.port} failed: ${primaryError}; backup SFTP server ${backup.host}:${backup.port} failed: ${(error as Error).message}`, { cause: error });
      }
    } catch (error) {
      const message = (error as Error).message;
      await this.deliveries.recordResult(`Failed: ${message}`);
      await this.publish({ ...job, status: 'Failed', errorCode: REPORT_DELIVERY_FAILED, statusInfo: `${REPORT_DELIVERY_FAILED}: ${message}`, recommendedAction: DELIVERY_RECOMMENDATION, completedAt: new Date().toISOString() });
      throw new SmartlicException({ code: REPORT_DELIVERY_FAILED, message: `Report delivery failed: ${message}`, recommendedAction: DELIVERY_RECOMMENDATION });
    }
  }

  private async configured(): Promise<ReportDelivery> {
    const row = await this.deliveries.get();
    if (!row) throw new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: 'No SFTP report delivery is configured', recommendedAction: 'Configure the primary (and optional backup) SFTP server first.' });
    return row;
  }

  private target(settings: SftpServerSettings, ciphertext: string, aad: string): SftpTarget {
    const secret = this.box.decryptJson<ServerSecret>(ciphertext, aad);
    return { host: settings.host, port: settings.port, username: settings.username, directory: settings.directory, ...secret };
  }

  private async startJob(row: ReportDelivery): Promise<Job> {
    const now = new Date().toISOString();
    const job: Job = {
      id: randomUUID(), service: 'reporting', jobType: 'Report Delivery', entityType: 'SFTP Server', entityId: row.settings.primary.host,
      entityName: `${row.settings.primary.host}:${row.settings.primary.port}`, status: 'In Progress',
      description: `Deliver ${row.settings.reportTypes.join(', ')} by SFTP`, statusInfo: null, errorCode: null, recommendedAction: null,
      initiatedAt: now, completedAt: null, correlationId: null,
    };
    await this.publish(job);
    return job;
  }

  private async finish(job: Job, row: ReportDelivery, result: DeliveryResult): Promise<DeliveryResult> {
    const info = `Delivered ${result.files.length} file(s) to the ${result.server} server ${result.host}${result.primaryError ? ` (primary failed: ${result.primaryError})` : ''}`;
    await this.deliveries.recordResult(info);
    await this.publish({ ...job, status: 'Succeeded', statusInfo: info, completedAt: new Date().toISOString(), entityName: `${result.host}:${result.server === 'primary' ? row.settings.primary.port : row.settings.backup!.port}` });
    return result;
  }

  private async publish(job: Job): Promise<void> {
    await this.dataSource.transaction((m) => enqueueEvent(m, JobEvents.updated, job, { correlationId: job.id }));
  }
}
