import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  catalogueError,
  SmartlicException,
  smartAccountTypeOf,
  SYNC_ERROR_CODES,
  SyncEvents,
  type SmartAccountConfig,
  type SmartAccountUpdate,
  type SmartAccountView,
  type TransportModeSettings,
  type TransportModeView,
} from '#libs/contracts';
import { COMMAND_ERROR_CODES, enqueueEvents, outboxItem, type CausationContext } from '#libs/messaging';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { SyncConfig } from '../../config/sync.config.js';
import { SmartAccountSecrets } from '../smart-accounts/smart-account-secrets.js';
import { SmartAccountRepository, type OperationalVaCheck, type SmartAccountRow, type SmartAccountSettings, type SmartAccountSummaryRow } from '../smart-accounts/smart-account.repository.js';
import { SyncJobService } from '../sync-jobs/sync-job.service.js';
import { displayName, virtualAccountEvent } from '../sync-jobs/synced-copy.repository.js';
import { VirtualAccountRepository } from '../virtual-accounts/virtual-account.repository.js';
import { CssmVirtualAccountNames } from './cssm-virtual-account-names.js';
import { TransportModeRepository, type TransportModeRow } from './transport-mode.repository.js';

const notFound = (id: string) => new SmartlicException({ code: COMMAND_ERROR_CODES.notFound, message: `Smart account ${id} does not exist` });

/** What decides how smartlic reaches CSSM: changing it while clusters are assigned is refused. */
const transportOf = (s: Pick<SmartAccountSettings, 'transportMode' | 'authenticationGateway' | 'cssmServer' | 'proxy'> & { satellite?: SmartAccountSettings['satellite'] }) =>
  JSON.stringify([s.transportMode, s.authenticationGateway, s.cssmServer, s.proxy && [s.proxy.host, s.proxy.port, s.proxy.username], s.satellite ? [s.satellite.host, s.satellite.port, s.satellite.registrationUrl, s.satellite.tokenUrl, s.satellite.localAccount] : null]);

type OperationalVaField = 'orderedVirtualAccount' | 'operationalVirtualAccount';

const OPERATIONAL_VA_LABELS: Record<OperationalVaField, string> = { orderedVirtualAccount: 'Ordered virtual account', operationalVirtualAccount: 'Operational virtual account' };

/**
 * The ordered and operational VA names the settings use, with their fields: none while operational licenses are off
 * (Direct/Proxy: opted; Satellite: auto-registration, which has an operational VA only).
 */
const operationalVaNames = (s: Pick<SmartAccountSettings, 'type' | 'operationalLicenses'>): { field: OperationalVaField; name: string }[] => {
  const ol = s.operationalLicenses;
  if (!(s.type === 'CSSM' ? ol.opted : ol.autoRegistration)) return [];
  const fields: OperationalVaField[] = ['orderedVirtualAccount', 'operationalVirtualAccount'];
  return fields.flatMap((field) => (ol[field] ? [{ field, name: ol[field] }] : []));
};

const sameNames = (check: OperationalVaCheck | null, names: { name: string }[]): boolean =>
  check !== null && check.names.length === names.length && names.every((n) => check.names.includes(n.name));

/** SLMCT1001 "Virtual Account is not valid", naming the field and the smart account (guide: "If the ordererd and operational VAs are different and valid"). */
const invalidVirtualAccount = (field: OperationalVaField, name: string, smartAccount: string) =>
  SmartlicException.fromCode('SLMCT1001', { field: `operationalLicenses.${field}`, virtualAccount: name, reason: `virtual account ${name} does not exist in smart account ${smartAccount}` });

export const upsertedEvent = (s: SmartAccountSettings, name: string) => ({
  id: s.id,
  name,
  domain: s.domain,
  type: s.type,
  transportMode: s.transportMode,
  proxy: s.proxy ? { host: s.proxy.host, port: s.proxy.port } : null,
  satellite: s.satellite ? { host: s.satellite.host, port: s.satellite.port, registrationUrl: s.satellite.registrationUrl, localAccount: s.satellite.localAccount } : null,
  operationalLicenses: s.operationalLicenses,
});

const UNASSIGN_FIRST = 'Unassign the clusters from the virtual account, change the transport mode settings, and then reassign the clusters to the virtual account.';

/**
 * "Configure Smart Account Access" and the global "Transport Mode" page. Saving stores the settings (secrets
 * encrypted), announces them without secrets, and starts a sync. Transport settings cannot change while clusters are
 * assigned to the account's virtual accounts (guide: the clusters have to be unassigned first). An account configured
 * without a transport follows the global one: a change of the global Transport Mode is its change too.
 */
@Injectable()
export class SmartAccountConfigService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: SmartAccountRepository,
    private readonly secrets: SmartAccountSecrets,
    private readonly transportMode: TransportModeRepository,
    private readonly virtualAccounts: VirtualAccountRepository,
    private readonly syncJobs: SyncJobService,
    private readonly cssmVirtualAccounts: CssmVirtualAccountNames,
    @Inject(SERVICE_CONFIG) private readonly config: SyncConfig,
  ) {}

  async create(input: SmartAccountConfig): Promise<{ smartAccount: SmartAccountView; jobId: string }> {
    const id = randomUUID();
    const check = await this.checkAgainstCssm(await this.settings(this.dataSource.manager, id, input, undefined), undefined);
    await this.dataSource.transaction(async (m) => {
      const settings = { ...(await this.settings(m, id, input, undefined)), operationalVaCheck: check };
      await this.checkUnique(m, settings);
      await this.checkSatelliteAutoRegistration(m, settings);
      await this.checkOperationalLicenses(m, settings, undefined);
      await this.accounts.insert(m, settings, this.nextSync(settings));
      await enqueueEvents(m, [outboxItem(SyncEvents.smartAccountUpserted, upsertedEvent(settings, settings.name ?? settings.domain), { correlationId: id })]);
    });
    const { jobId } = await this.syncJobs.start(id, 'save');
    return { smartAccount: (await this.get(id))!, jobId };
  }

  async update(id: string, input: SmartAccountUpdate): Promise<{ smartAccount: SmartAccountView; jobId: string }> {
    const before = await this.accounts.get(id);
    if (!before) throw notFound(id);
    const check = await this.checkAgainstCssm(await this.settings(this.dataSource.manager, id, input, before), before);
    await this.dataSource.transaction(async (m) => {
      const prior = await this.accounts.get(id, m, true);
      if (!prior) throw notFound(id);
      const settings = { ...(await this.settings(m, id, input, prior)), operationalVaCheck: check };
      const passwordChanged = settings.transportMode === 'Proxy' && Boolean(input.proxy?.password);
      if (transportOf(prior) !== transportOf(settings) || passwordChanged) await this.refuseWhileAssigned(m, prior, 'transportChangeRefused');
      await this.checkUnique(m, settings);
      await this.checkSatelliteAutoRegistration(m, settings);
      await this.checkOperationalLicenses(m, settings, prior);
      await this.accounts.update(m, settings, this.nextSync(settings));
      await enqueueEvents(m, [outboxItem(SyncEvents.smartAccountUpserted, upsertedEvent(settings, displayName({ ...prior, ...settings })), { correlationId: id })]);
    });
    const { jobId } = await this.syncJobs.start(id, 'save');
    return { smartAccount: (await this.get(id))!, jobId };
  }

  async delete(id: string): Promise<{ id: string }> {
    await this.dataSource.transaction(async (m) => {
      const sa = await this.accounts.get(id, m, true);
      if (!sa) throw notFound(id);
      await this.refuseWhileAssigned(m, sa, 'smartAccountInUse');
      const vas = await this.virtualAccounts.current(m, id);
      const cause: CausationContext = { correlationId: id };
      await enqueueEvents(m, [
        ...vas.map((va) => outboxItem(SyncEvents.virtualAccountRemoved, virtualAccountEvent(sa, va), cause)),
        outboxItem(SyncEvents.smartAccountRemoved, { id, name: displayName(sa), domain: sa.domain, type: sa.type }, cause),
      ]);
      await this.accounts.delete(m, id);
    });
    return { id };
  }

  async get(id: string): Promise<SmartAccountView | undefined> {
    const row = await this.accounts.summary(id);
    return row ? this.view(row) : undefined;
  }

  async list(limit: number, offset: number): Promise<{ total: number; items: SmartAccountView[] }> {
    const { total, items } = await this.accounts.list(limit, offset);
    return { total, items: items.map((r) => this.view(r)) };
  }

  // --- global Transport Mode page ---------------------------------------------------------------------

  async getTransportMode(): Promise<TransportModeView> {
    return this.transportModeView(await this.globalTransport(this.dataSource.manager));
  }

  /**
   * Saves the global Transport Mode and copies it to the accounts that follow it, announced and synced again through
   * the new transport. Guide: "If the cluster is already assigned to a virtual account, and you want to change the
   * transport mode settings, the cluster has to be unassigned": refused while a follower has assigned clusters.
   */
  async setTransportMode(input: TransportModeSettings): Promise<TransportModeView> {
    const { view, resync } = await this.dataSource.transaction(async (m) => {
      const prior = await this.globalTransport(m, 'update');
      const proxy = input.transportMode === 'Proxy' && input.proxy ? { host: input.proxy.host, port: input.proxy.port, username: input.proxy.username ?? null } : null;
      const row = {
        transportMode: input.transportMode,
        authenticationGateway: input.authenticationGateway ?? prior.authenticationGateway,
        cssmServer: input.cssmServer ?? prior.cssmServer,
        proxy,
        proxyPassword: this.proxyPassword('transport_mode', '1', input.proxy, prior),
      };
      await this.transportMode.set(m, row);
      // A password given again unchanged changes nothing (the page sends it back on every save).
      const password = input.transportMode === 'Proxy' ? input.proxy?.password : undefined;
      const passwordChanged = password !== undefined && (!prior.proxyPassword || this.secrets.decryptProxyPassword('transport_mode', '1', prior.proxyPassword) !== password);
      if (transportOf(prior) === transportOf(row) && !passwordChanged) return { view: this.transportModeView({ ...row, updatedAt: new Date() }), resync: [] };
      const followers = await this.accounts.inheritingTransport(m);
      await this.refuseGlobalChangeWhileAssigned(m, followers);
      const events = [];
      for (const sa of followers) {
        const transport = this.inheritedTransport(sa.id, row);
        await this.accounts.setTransport(m, sa.id, transport);
        events.push(outboxItem(SyncEvents.smartAccountUpserted, upsertedEvent({ ...sa, ...transport }, displayName(sa)), { correlationId: sa.id }));
      }
      await enqueueEvents(m, events);
      return { view: this.transportModeView({ ...row, updatedAt: new Date() }), resync: followers.map((sa) => sa.id) };
    });
    for (const id of resync) await this.syncJobs.start(id, 'save');
    return view;
  }

  // --- rules and mapping ------------------------------------------------------------------------------

  private async refuseGlobalChangeWhileAssigned(m: EntityManager, followers: SmartAccountRow[]): Promise<void> {
    const assigned: { smartAccountId: string; smartAccount: string; virtualAccount: string; clusters: number }[] = [];
    for (const sa of followers) for (const a of await this.virtualAccounts.assignedClusters(m, sa.id)) assigned.push({ smartAccountId: sa.id, smartAccount: displayName(sa), ...a });
    if (assigned.length === 0) return;
    const where = assigned.map((a) => `${a.smartAccount}: ${a.virtualAccount} (${a.clusters})`).join(', ');
    throw new SmartlicException({
      code: SYNC_ERROR_CODES.transportChangeRefused,
      message: `The global Transport Mode cannot be changed while clusters are assigned to the virtual accounts of the smart accounts that follow it: ${where}`,
      recommendedAction: UNASSIGN_FIRST,
      details: { assigned },
    });
  }

  private async refuseWhileAssigned(m: EntityManager, sa: SmartAccountRow, reason: 'transportChangeRefused' | 'smartAccountInUse'): Promise<void> {
    const assigned = await this.virtualAccounts.assignedClusters(m, sa.id);
    if (assigned.length === 0) return;
    const where = assigned.map((a) => `${a.virtualAccount} (${a.clusters})`).join(', ');
    throw new SmartlicException(
      reason === 'transportChangeRefused'
        ? {
            code: SYNC_ERROR_CODES.transportChangeRefused,
            message: `Transport settings of ${displayName(sa)} cannot be changed while clusters are assigned to its virtual accounts: ${where}`,
            recommendedAction: UNASSIGN_FIRST,
            details: { assigned },
          }
        : {
            code: SYNC_ERROR_CODES.smartAccountInUse,
            message: `Smart account ${displayName(sa)} cannot be removed while clusters are assigned to its virtual accounts: ${where}`,
            recommendedAction: 'Unassign the clusters from the virtual accounts, then remove the smart account.',
            details: { assigned },
          },
    );
  }

  private async checkUnique(m: EntityManager, s: SmartAccountSettings): Promise<void> {
    if (await this.accounts.existsWithDomain(m, s.type, s.domain, s.id)) {
      throw new SmartlicException({
        code: SYNC_ERROR_CODES.smartAccountExists,
        message: `A ${s.type} smart account with domain ${s.domain} is already configured`,
        recommendedAction: 'Edit the existing smart account instead of adding it again.',
      });
    }
  }

  private async checkSatelliteAutoRegistration(m: EntityManager, s: SmartAccountSettings): Promise<void> {
    if (s.type !== 'Satellite' || !s.operationalLicenses.autoRegistration) return;
    if (await this.accounts.anyCssmAccountWithOperationalLicenses(m, s.id)) return;
    throw new SmartlicException({
      code: COMMAND_ERROR_CODES.invalidRequest,
      message:
        'operationalLicenses.autoRegistration: auto-registration in Satellite mode is allowed only once operational licenses are opted on a Direct or Proxy smart account',
    });
  }

  /**
   * Before an account's first sync, the ordered and operational VA names are checked against CSSM itself: the save asks
   * it for the account's virtual accounts (the first call of a sync). A name CSSM does not list is refused (SLMCT1001,
   * nothing saved); when CSSM cannot answer yet, the account is saved and its Smart Account Summary shows an alert
   * until the first sync checks them. Once synced, names are checked against the synced copy (`checkOperationalLicenses`).
   */
  private async checkAgainstCssm(s: SmartAccountSettings, prior: SmartAccountRow | undefined): Promise<OperationalVaCheck | null> {
    if (prior?.lastSyncAt) return prior.operationalVaCheck;
    const names = operationalVaNames(s);
    if (names.length === 0) return null;
    if (prior && sameNames(prior.operationalVaCheck, names) && prior.operationalVaCheck!.error === null) return prior.operationalVaCheck;
    // Settings another rule refuses anyway are not worth a call to CSSM.
    await this.checkUnique(this.dataSource.manager, s);
    await this.checkSatelliteAutoRegistration(this.dataSource.manager, s);
    await this.checkOperationalLicensesTaken(this.dataSource.manager, s);
    const listed = await this.cssmVirtualAccounts.list(s);
    const at = new Date().toISOString();
    if ('error' in listed) return { names: names.map((n) => n.name), at, error: listed.error };
    const missing = names.find((n) => !listed.names.has(n.name));
    if (missing) throw invalidVirtualAccount(missing.field, missing.name, s.name ?? s.domain);
    return { names: names.map((n) => n.name), at, error: null };
  }

  /**
   * Guide: "Autoregistration of clusters is possible for only one Smart Account" (the Operational Licenses check-box is
   * disabled for the others) and "Autoregistration feature supports only one Satellite account"; the ordered and
   * operational VAs must be virtual accounts of the account: a name that changes is checked against the synced copy
   * once the account has synced (before, `checkAgainstCssm` asked CSSM).
   */
  private async checkOperationalLicenses(m: EntityManager, s: SmartAccountSettings, prior: SmartAccountRow | undefined): Promise<void> {
    if (operationalVaNames(s).length === 0) return;
    await this.checkOperationalLicensesTaken(m, s);
    if (!prior?.lastSyncAt) return;
    const before = new Set(operationalVaNames(prior).map((n) => n.name));
    const changed = operationalVaNames(s).filter((n) => !before.has(n.name));
    if (changed.length === 0) return;
    const synced = await this.accounts.syncedVirtualAccountNames(m, s.id);
    const missing = changed.find((n) => !synced.has(n.name));
    if (missing) throw invalidVirtualAccount(missing.field, missing.name, displayName({ ...prior, ...s }));
  }

  private async checkOperationalLicensesTaken(m: EntityManager, s: SmartAccountSettings): Promise<void> {
    const ol = s.operationalLicenses;
    const on = s.type === 'CSSM' ? ol.opted : ol.autoRegistration;
    if (!on) return;
    const other = await this.accounts.otherWithOperationalLicenses(m, s.type, s.id);
    if (other) {
      const what = s.type === 'CSSM' ? 'Operational licenses are' : 'Auto-registration through a satellite is';
      throw new SmartlicException({
        code: SYNC_ERROR_CODES.operationalLicensesTaken,
        message: `${what} already enabled for ${other.name ?? other.domain}: only one ${s.type === 'CSSM' ? 'smart account' : 'satellite account'} can have them`,
        recommendedAction: s.type === 'CSSM' ? 'Disable Operational Licenses on the other smart account first, or leave them off here.' : 'Disable Enable Auto Registration on the other satellite account first; use Satellite on-boarding for more satellites.',
        details: { field: s.type === 'CSSM' ? 'operationalLicenses.opted' : 'operationalLicenses.autoRegistration', smartAccountId: other.id },
      });
    }
  }

  private async globalTransport(m: EntityManager, lock?: 'share' | 'update'): Promise<TransportModeRow> {
    return (
      (await this.transportMode.get(m, lock)) ?? {
        transportMode: 'Direct',
        authenticationGateway: this.config.CSSM_AUTH_GATEWAY_URL,
        cssmServer: this.config.CSSM_SERVER_URL,
        proxy: null,
        proxyPassword: null,
        updatedAt: null,
      }
    );
  }

  private proxyPassword(
    table: 'smart_account' | 'transport_mode',
    rowId: string,
    input: { username?: string | undefined; password?: string | undefined } | undefined,
    prior: { proxy: { username: string | null } | null; proxyPassword: string | null } | undefined,
  ): string | null {
    if (!input?.username) return null;
    if (input.password) return this.secrets.encryptProxyPassword(table, rowId, input.password);
    // An edit that leaves the password out keeps the stored one for the same user.
    return prior?.proxy?.username === input.username ? prior.proxyPassword : null;
  }

  /** The global transport as an account that follows it keeps it: the proxy password sealed again for the account's row. */
  private inheritedTransport(id: string, g: Pick<TransportModeRow, 'transportMode' | 'authenticationGateway' | 'cssmServer' | 'proxy' | 'proxyPassword'>) {
    return {
      transportMode: g.transportMode,
      authenticationGateway: g.authenticationGateway,
      cssmServer: g.cssmServer,
      proxy: g.proxy,
      proxyPassword: g.proxyPassword ? this.secrets.encryptProxyPassword('smart_account', id, this.secrets.decryptProxyPassword('transport_mode', '1', g.proxyPassword)) : null,
    };
  }

  private async settings(m: EntityManager, id: string, input: SmartAccountUpdate, prior: SmartAccountRow | undefined): Promise<SmartAccountSettings> {
    const mode = input.transportMode;
    const satellite = mode === 'Satellite' ? input.satellite! : null;
    // An account that follows the global transport reads it under a share lock: a concurrent change waits for its copy.
    const global = mode === 'Satellite' ? undefined : mode === undefined ? await this.globalTransport(m, 'share') : await this.globalTransport(m);
    const keepUrls = prior && prior.transportMode !== 'Satellite';
    const clientSecret = input.clientSecret ? this.secrets.encryptClientSecret(id, input.clientSecret) : prior?.clientSecret;
    if (!clientSecret) throw new SmartlicException({ code: COMMAND_ERROR_CODES.invalidRequest, message: 'clientSecret: is required' });
    // A new client id with the old secret would never authenticate: a changed client id needs its secret.
    if (prior && input.clientId !== prior.clientId && !input.clientSecret) {
      throw new SmartlicException({ code: COMMAND_ERROR_CODES.invalidRequest, message: 'clientSecret: is required when clientId changes' });
    }
    const ol = input.operationalLicenses;
    const transport =
      mode === undefined
        ? { transportInherited: true, ...this.inheritedTransport(id, global!) }
        : {
            transportInherited: false,
            transportMode: mode,
            authenticationGateway: global ? (input.authenticationGateway ?? (keepUrls ? prior.authenticationGateway : null) ?? global.authenticationGateway) : null,
            cssmServer: global ? (input.cssmServer ?? (keepUrls ? prior.cssmServer : null) ?? global.cssmServer) : null,
            proxy: mode === 'Proxy' && input.proxy ? { host: input.proxy.host, port: input.proxy.port, username: input.proxy.username ?? null } : null,
            proxyPassword: mode === 'Proxy' ? this.proxyPassword('smart_account', id, input.proxy, prior) : null,
          };
    return {
      id,
      name: input.name ?? null,
      domain: satellite ? satellite.localAccount : input.domain!,
      type: smartAccountTypeOf(mode ?? 'Direct'),
      ...transport,
      satellite,
      clientId: input.clientId,
      clientSecret,
      operationalLicenses: {
        opted: ol?.opted ?? false,
        orderedVirtualAccount: ol?.orderedVirtualAccount ?? null,
        operationalVirtualAccount: ol?.operationalVirtualAccount ?? null,
        autoRegistration: ol?.autoRegistration ?? false,
      },
      operationalVaCheck: prior?.operationalVaCheck ?? null,
      syncIntervalSeconds: input.syncIntervalSeconds ?? prior?.syncIntervalSeconds ?? Math.round(this.config.SYNC_DEFAULT_INTERVAL / 1000),
    };
  }

  private nextSync(s: SmartAccountSettings): Date {
    return new Date(Date.now() + s.syncIntervalSeconds * 1000);
  }

  private view(r: SmartAccountSummaryRow): SmartAccountView {
    const alerts: string[] = [];
    if (r.lastSyncStatus === 'Failed' && r.lastSyncError) {
      const e = r.lastSyncError;
      alerts.push(`Last sync failed: ${e.code}: ${e.message}${e.recommendedAction ? `. ${e.recommendedAction}` : ''}`);
    }
    if (r.outOfComplianceVas > 0) alerts.push(`${r.outOfComplianceVas} virtual account(s) with licenses Out of Compliance`);
    alerts.push(...this.operationalVaAlerts(r));
    return {
      id: r.id,
      name: displayName(r),
      domain: r.domain,
      type: r.type,
      status: r.cssmStatus?.toUpperCase() === 'ACTIVE' ? 'Active' : 'Inactive',
      transportMode: r.transportMode,
      transportInherited: r.transportInherited,
      authenticationGateway: r.authenticationGateway,
      cssmServer: r.cssmServer,
      proxy: r.proxy ? { host: r.proxy.host, port: r.proxy.port, username: r.proxy.username, passwordSet: r.proxyPassword !== null } : null,
      satellite: r.satellite,
      clientId: r.clientId,
      clientSecretSet: r.clientSecret !== '',
      operationalLicenses: r.operationalLicenses,
      syncIntervalSeconds: r.syncIntervalSeconds,
      virtualAccounts: r.vaCount,
      lastSyncAt: r.lastSyncAt?.toISOString() ?? null,
      lastSyncStatus: r.lastSyncStatus as SmartAccountView['lastSyncStatus'],
      nextSyncAt: r.nextSyncAt?.toISOString() ?? null,
      alerts,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }

  /**
   * Ordered or operational VA names CSSM does not list (once synced: a name refused at save can still disappear from
   * CSSM later), or not checked yet (CSSM did not answer when the account was saved and it never synced since).
   */
  private operationalVaAlerts(r: SmartAccountSummaryRow): string[] {
    const names = operationalVaNames(r);
    if (names.length === 0) return [];
    if (r.lastSyncAt) {
      const invalid = catalogueError('SLMCT1001');
      return names
        .filter((n) => r.missingOperationalVas.includes(n.name))
        .map((n) => `${invalid.code}: ${invalid.message}: ${OPERATIONAL_VA_LABELS[n.field]} ${n.name} does not exist in smart account ${displayName(r)}. ${invalid.recommendedAction}`);
    }
    const check = r.operationalVaCheck;
    if (check && check.error === null && sameNames(check, names)) return [];
    const why = check?.error ? ` (${check.error.code}: ${check.error.message})` : '';
    return [`Operational licenses: virtual account(s) ${names.map((n) => n.name).join(', ')} not checked against CSSM yet${why}: they are checked when the smart account syncs`];
  }

  private transportModeView(r: TransportModeRow): TransportModeView {
    return {
      transportMode: r.transportMode,
      authenticationGateway: r.authenticationGateway,
      cssmServer: r.cssmServer,
      proxy: r.proxy ? { host: r.proxy.host, port: r.proxy.port, username: r.proxy.username, passwordSet: r.proxyPassword !== null } : null,
      updatedAt: r.updatedAt?.toISOString() ?? null,
    };
  }
}
