import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import {
  PlmCaaCommands,
  PlmEvents,
  SMARTLIC_ERROR_CODES,
  SmartlicException,
  type CommandRequest,
  type LicenseManagementCommands,
  type LicenseManagerSummary,
  type PlmInventoryReported,
} from '#libs/contracts';
import { CommandClient, CommandFailedError, enqueueEvents, NoRespondersError, outboxItem, RequestTimeoutError } from '#libs/messaging';
import { PeriodicTask, PINO_LOGGER, SERVICE_CONFIG } from '#libs/service-kit';
import type { RegistrationConfig } from '../../config/registration.config.js';
import { LicenseManagementRepository } from './license-management.repository.js';
import { LicenseManagerRepository } from './license-manager.repository.js';

/** Delay of the audit after an assignment change: the change's transaction has committed by then, several changes share one. */
const AUDIT_AFTER_CHANGE_MS = 300;

/**
 * License Management Summary and the PLM audit: reads each License Manager's licenses and its clusters' usage through
 * app-adapter and publishes `plm-inventory.reported` (absolute) through the outbox, every REGISTRATION_PLM_AUDIT_INTERVAL
 * (HCM-F: 4 hours) and shortly after each PLM assignment change, so the reports (reporting) merge PLM and smart rows.
 */
@Injectable()
export class LicenseManagementService implements OnModuleInit, OnApplicationShutdown {
  private task: PeriodicTask | undefined;
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: LicenseManagementRepository,
    private readonly licenseManagers: LicenseManagerRepository,
    private readonly commands: CommandClient,
    @Inject(SERVICE_CONFIG) private readonly config: RegistrationConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const everyMs = this.config.REGISTRATION_PLM_AUDIT_INTERVAL;
    if (everyMs > 0) this.task = new PeriodicTask({ name: 'plm audit', everyMs, jitterMs: Math.min(60_000, Math.floor(everyMs / 10)), run: () => this.auditAll(), logger: this.logger });
  }

  async onApplicationShutdown(): Promise<void> {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    await this.task?.stop();
  }

  clusters(request: CommandRequest<typeof LicenseManagementCommands.listClusters>) {
    return this.repository.clusters(request);
  }

  customers(request: CommandRequest<typeof LicenseManagementCommands.listCustomers>) {
    return this.repository.customers({ licenseManagerId: request.licenseManagerId, limit: request.limit ?? 100, offset: request.offset ?? 0 });
  }

  /** One License Manager's licenses read from PLM now, their compliance, and its customers. */
  async summary(id: string): Promise<LicenseManagerSummary> {
    const entity = await this.licenseManagers.find(id);
    if (!entity) throw new SmartlicException({ code: SMARTLIC_ERROR_CODES.NOT_FOUND, message: `No License Manager ${id}`, details: { licenseManagerId: id } });
    const inventory = await this.caa(PlmCaaCommands.inventory, { licenseManagerId: id, clusters: [] });
    const licenses = inventory.licenses.map((l) => ({ ...l, status: l.installed >= l.required ? ('Compliant' as const) : ('Insufficient' as const) }));
    const customers = await this.repository.customers({ licenseManagerId: id, limit: 1000, offset: 0 });
    return {
      licenseManager: await this.licenseManagers.view(entity),
      readAt: new Date().toISOString(),
      compliance: licenses.every((l) => l.status === 'Compliant') ? 'Compliant' : 'Insufficient',
      licenses,
      customers: customers.items.map((c) => ({ customerId: c.customerId, customerName: c.customerName, clusters: c.clusters })),
    };
  }

  /** An assignment of the License Manager changed: audit it shortly (once for a burst of changes). */
  auditSoon(licenseManagerId: string): void {
    if (this.pending.has(licenseManagerId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(licenseManagerId);
      this.audit(licenseManagerId).catch((error: unknown) => this.logger.warn({ licenseManagerId, err: (error as Error).message }, 'PLM audit after an assignment change failed'));
    }, AUDIT_AFTER_CHANGE_MS);
    timer.unref();
    this.pending.set(licenseManagerId, timer);
  }

  async auditAll(): Promise<void> {
    const { items } = await this.licenseManagers.list({ limit: 1000, offset: 0 });
    for (const lm of items) {
      try {
        await this.audit(lm.id);
      } catch (error) {
        // One unreachable PLM does not stop the audit of the others; the next audit tries again.
        this.logger.warn({ licenseManagerId: lm.id, hostname: lm.hostname, err: (error as Error).message }, 'PLM audit failed');
      }
    }
  }

  /** Reads one License Manager and publishes what it holds. */
  async audit(licenseManagerId: string): Promise<PlmInventoryReported | undefined> {
    const entity = await this.licenseManagers.find(licenseManagerId);
    if (!entity) return undefined;
    const clusters = await this.repository.assignedClusters(licenseManagerId);
    const inventory = await this.caa(PlmCaaCommands.inventory, { licenseManagerId, clusters: clusters.map((c) => c.name) });
    // What each cluster consumes (PLM lists every license type of its product, most at 0).
    const usage = new Map(inventory.usage.map((u) => [u.name, u.licenses.filter((l) => l.count > 0)]));
    const report: PlmInventoryReported = {
      licenseManagerId,
      hostname: entity.hostname,
      version: entity.version,
      licenseMode: entity.licenseMode,
      reportedAt: new Date().toISOString(),
      licenses: inventory.licenses,
      customerIds: await this.repository.customerIds(licenseManagerId),
      clusters: clusters.map((c) => ({ clusterId: c.clusterId, customerId: c.customerId, type: c.type, version: c.version, licenses: usage.get(c.name) ?? [] })),
    };
    await this.dataSource.transaction((m) => enqueueEvents(m, [outboxItem(PlmEvents.plmInventoryReported, report)]));
    return report;
  }

  private async caa<C extends typeof PlmCaaCommands.inventory>(command: C, request: CommandRequest<C>) {
    try {
      return await this.commands.request(command, request);
    } catch (error) {
      if (error instanceof CommandFailedError) throw new SmartlicException(error.error);
      if (error instanceof NoRespondersError) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.NO_RESPONDERS, { service: 'app-adapter' });
      if (error instanceof RequestTimeoutError) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.REQUEST_TIMEOUT, { service: 'app-adapter' });
      throw error;
    }
  }
}
