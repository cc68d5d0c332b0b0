import { Injectable } from '@nestjs/common';
import { LicenseManagementCommands, LicenseManagerCommands, ProvisioningCommands, SMARTLIC_ERROR_CODES, SmartlicException } from '#libs/contracts';
import { CommandClient } from '#libs/messaging';
import { encryptProvisioningSecret } from '#libs/secrets';
import type { AddLicenseManagerBody, LicenseManagementClusterQuery, LicenseManagementCustomerQuery, LicenseManagerListQuery, UpdateLicenseManagerBody } from './license-managers.dto.js';

/**
 * License Managers live in registration (their connections in app-adapter); the gateway forwards. The OS admin
 * password leaves the gateway only encrypted for app-adapter (a JWE with the key provisioning systems use), so
 * neither the bus nor registration ever holds it in clear.
 */
@Injectable()
export class LicenseManagersService {
  constructor(private readonly commands: CommandClient) {}

  list(query: LicenseManagerListQuery) {
    return this.commands.request(LicenseManagerCommands.list, query);
  }

  get(id: string) {
    return this.commands.request(LicenseManagerCommands.get, { id });
  }

  async add(body: AddLicenseManagerBody) {
    const { password, ...rest } = body;
    return this.commands.request(LicenseManagerCommands.add, { ...rest, encryptedPassword: await this.encrypt(password) });
  }

  async update(id: string, body: UpdateLicenseManagerBody) {
    const { password, ...rest } = body;
    // An unknown id is a 404 before the password is encrypted (app-adapter's key is not asked for nothing).
    if (password !== undefined) await this.get(id);
    return this.commands.request(LicenseManagerCommands.update, { id, ...rest, ...(password !== undefined ? { encryptedPassword: await this.encrypt(password) } : {}) });
  }

  delete(id: string) {
    return this.commands.request(LicenseManagerCommands.delete, { id });
  }

  licenseMode(id: string) {
    return this.commands.request(LicenseManagerCommands.getLicenseMode, { id });
  }

  setLicenseMode(id: string, licenseMode: 'HCS' | 'Enterprise') {
    return this.commands.request(LicenseManagerCommands.setLicenseMode, { id, licenseMode });
  }

  assignCustomer(id: string, customerId: string) {
    return this.commands.request(LicenseManagerCommands.assignCustomer, { id, customerId });
  }

  unassignCustomer(id: string, customerId: string) {
    return this.commands.request(LicenseManagerCommands.unassignCustomer, { id, customerId });
  }

  assignClusters(id: string, clusterIds: string[]) {
    return this.commands.request(LicenseManagerCommands.assignClusters, { id, clusterIds });
  }

  unassignClusters(id: string, clusterIds: string[]) {
    return this.commands.request(LicenseManagerCommands.unassignClusters, { id, clusterIds });
  }

  summary(id: string) {
    return this.commands.request(LicenseManagementCommands.summary, { id });
  }

  managedClusters(query: LicenseManagementClusterQuery) {
    return this.commands.request(LicenseManagementCommands.listClusters, query);
  }

  managedCustomers(query: LicenseManagementCustomerQuery) {
    return this.commands.request(LicenseManagementCommands.listCustomers, query);
  }

  private async encrypt(password: string): Promise<string> {
    const { keys } = await this.commands.request(ProvisioningCommands.encryptionKey, {});
    const key = keys[0];
    if (!key) throw SmartlicException.fromCode(SMARTLIC_ERROR_CODES.PLM_PASSWORD_KEY_MISSING);
    return encryptProvisioningSecret(key, password);
  }
}
