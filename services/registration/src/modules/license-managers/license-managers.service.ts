import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  PlmCaaCommands,
  PlmEvents,
  SMARTLIC_ERROR_CODES,
  SmartlicException,
  type CommandDefinition,
  type CommandRequest,
  type CommandResponse,
  type LicenseManager,
  type LicenseManagerCommands,
} from '#libs/contracts';
import { CommandClient, CommandFailedError, enqueueEvents, NoRespondersError, outboxItem, RequestTimeoutError } from '#libs/messaging';
import { LicenseManagerEntity } from './license-manager.entity.js';
import { LicenseManagerRepository } from './license-manager.repository.js';

type Add = CommandRequest<typeof LicenseManagerCommands.add>;
type Update = CommandRequest<typeof LicenseManagerCommands.update>;

const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505' || (error as { driverError?: { code?: string } }).driverError?.code === '23505';

/**
 * License Manager instances (guide: "License Management"): each add or edit is validated by app-adapter against the
 * PLM itself before it is stored, so an instance that cannot be reached, refuses the OS admin account or runs in demo
 * mode never appears; the password is only ever app-adapter's (it arrives encrypted for it and is sealed there).
 */
@Injectable()
export class LicenseManagersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: LicenseManagerRepository,
    private readonly commands: CommandClient,
  ) {}

  list(request: CommandRequest<typeof LicenseManagerCommands.list>) {
    return this.repository.list({ limit: request.limit ?? 100, offset: request.offset ?? 0, hostname: request.hostname });
  }

  async get(id: string): Promise<LicenseManager> {
    return this.repository.view(await this.existing(id));
  }

  async add(request: Add): Promise<LicenseManager> {
    if (await this.repository.findByHostname(request.hostname)) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.LICENSE_MANAGER_EXISTS, { hostname: request.hostname });
    const id = randomUUID();
    const state = await this.caa(PlmCaaCommands.setConnection, { licenseManagerId: id, ...request });
    const entity = Object.assign(new LicenseManagerEntity(), {
      id,
      hostname: request.hostname,
      port: request.port,
      username: request.username,
      version: state.version,
      licenseMode: state.licenseMode,
    });
    try {
      return await this.repository.view(await this.repository.save(entity));
    } catch (error) {
      // Two adds of one hostname at once: the second loses at the unique index; its connection goes too.
      await this.caa(PlmCaaCommands.deleteConnection, { licenseManagerId: id }).catch(() => undefined);
      if (isUniqueViolation(error)) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.LICENSE_MANAGER_EXISTS, { hostname: request.hostname });
      throw error;
    }
  }

  async update(request: Update): Promise<LicenseManager> {
    const entity = await this.existing(request.id);
    const hostname = request.hostname ?? entity.hostname;
    if (request.hostname !== undefined && (await this.repository.findByHostname(hostname, entity.id))) {
      throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.LICENSE_MANAGER_EXISTS, { hostname });
    }
    const state = await this.caa(PlmCaaCommands.setConnection, {
      licenseManagerId: entity.id,
      hostname,
      port: request.port ?? entity.port,
      username: request.username ?? entity.username,
      ...(request.encryptedPassword !== undefined ? { encryptedPassword: request.encryptedPassword } : {}),
      ...(request.tls !== undefined ? { tls: request.tls } : {}),
    });
    Object.assign(entity, { hostname, port: request.port ?? entity.port, username: request.username ?? entity.username, version: state.version, licenseMode: state.licenseMode, updatedAt: new Date() });
    try {
      return await this.repository.view(await this.repository.save(entity));
    } catch (error) {
      if (isUniqueViolation(error)) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.LICENSE_MANAGER_EXISTS, { hostname });
      throw error;
    }
  }

  async delete(id: string): Promise<{ id: string }> {
    const entity = await this.existing(id);
    const view = await this.repository.view(entity);
    if (view.customers > 0 || view.clusters > 0) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.LICENSE_MANAGER_IN_USE, { customers: view.customers, clusters: view.clusters });
    await this.caa(PlmCaaCommands.deleteConnection, { licenseManagerId: id });
    await this.dataSource.transaction(async (m) => {
      await this.repository.delete(id, m);
      await enqueueEvents(m, [outboxItem(PlmEvents.licenseManagerRemoved, { licenseManagerId: id })]);
    });
    return { id };
  }

  async licenseMode(id: string) {
    const entity = await this.existing(id);
    const answer = await this.caa(PlmCaaCommands.getLicenseMode, { licenseManagerId: id });
    if (answer.licenseMode !== entity.licenseMode) await this.repository.save(Object.assign(entity, { licenseMode: answer.licenseMode, updatedAt: new Date() }));
    return { id, licenseMode: answer.licenseMode };
  }

  async setLicenseMode(id: string, licenseMode: 'HCS' | 'Enterprise') {
    const entity = await this.existing(id);
    const change = await this.caa(PlmCaaCommands.setLicenseMode, { licenseManagerId: id, licenseMode });
    await this.repository.save(Object.assign(entity, { licenseMode: change.licenseMode, updatedAt: new Date() }));
    return { id, licenseMode: change.licenseMode, previousLicenseMode: change.previousLicenseMode };
  }

  private async existing(id: string): Promise<LicenseManagerEntity> {
    const entity = await this.repository.find(id);
    if (!entity) throw new SmartlicException({ code: SMARTLIC_ERROR_CODES.NOT_FOUND, message: `No License Manager ${id}`, details: { licenseManagerId: id } });
    return entity;
  }

  /** A PLM command to app-adapter; its refusal (PLM_* code and action) or unavailability goes back to the caller as is. */
  private async caa<C extends CommandDefinition>(command: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
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
