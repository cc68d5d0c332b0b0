import { randomBytes } from 'node:crypto';
import type { SimLicenseMode } from '#simulators/common';
import { cssmScenarioSchema, type CssmScenario, type LicenseDetailScenario, type VirtualAccountScenario } from './cssm-scenario.schema.js';
import { allocate, release, type Allocation, type LicensePool, type PoolSource, type UsageRequest } from './license-allocation.js';

/** `cloud` = CSSM (accounts by domain), `onprem` = SSM On-Prem (local accounts by name). */
export type Realm = 'cloud' | 'onprem';
export type ProductType = 'cucm' | 'cuc' | 'cer' | 'expressway';
export type ExportControlled = 'Allowed' | 'Not Allowed';

export interface VaLicensePool extends LicensePool {
  details: LicenseDetailScenario[];
}

export interface VirtualAccountState {
  name: string;
  description: string;
  isDefault: boolean;
  commerceAccessLevel: string;
  account: AccountState;
  pools: Map<string, VaLicensePool>;
  /** Pools in listing order, kept beside the map so paging needs no per-request sort. */
  poolList: VaLicensePool[];
  subscriptionCount: number;
  tokens: Map<string, RegistrationTokenState>;
  instances: Set<string>;
  poolSource: PoolSource;
}

export interface AccountState {
  realm: Realm;
  /** Domain (cloud) or local account name (on-prem): how the API addresses the account. */
  key: string;
  name: string;
  domain: string;
  type: 'CUSTOMER' | 'HOLDING';
  status: string;
  virtualAccounts: Map<string, VirtualAccountState>;
  vaList: VirtualAccountState[];
}

export interface RegistrationTokenState {
  token: string;
  account: AccountState;
  virtualAccount: VirtualAccountState;
  description: string;
  expiresAfterDays: number;
  createdAt: number;
  expiresAt: number;
  exportControlled: ExportControlled;
  createdBy: string;
  revoked: boolean;
}

export interface ApiClientState {
  clientId: string;
  clientSecret: string;
  realm: Realm;
  accounts: Set<string>;
}

export interface AccessTokenState {
  clientId: string;
  realm: Realm;
  accounts: Set<string>;
  expiresAt: number;
}

export interface ProductInstanceState {
  instanceId: string;
  productType: ProductType;
  hostname: string;
  licenseMode: SimLicenseMode;
  virtualAccount: VirtualAccountState;
  usage: UsageRequest[];
  allocations: Allocation[];
  registeredAt: number;
  registrationExpires: number;
  lastAuthorization: number;
  authorizationExpires: number;
  exportControlled: boolean;
}

export type TokenValidity = 'VALID' | 'REVOKED' | 'EXPIRED';

const DAY_MS = 86_400_000;
/** Registration lasts a year, authorization 90 days (the smart agent renews them every 6 months / 30 days). */
export const REGISTRATION_PERIOD_MS = 365 * DAY_MS;
export const AUTHORIZATION_PERIOD_MS = 90 * DAY_MS;

const newPool = (license: string, billingType: 'PREPAID' | 'USAGE', details: LicenseDetailScenario[]): VaLicensePool => ({
  license,
  billingType,
  details,
  quantity: details.reduce((n, d) => (d.status === 'Active' ? n + d.quantity : n), 0),
  inUse: 0,
  substitutions: new Map(),
});

/** The in-memory CSSM + SSM On-Prem: accounts, VAs, license pools, tokens, API clients and product instances. */
export class CssmState {
  tokenExpiresIn = 3599;
  private readonly accounts: Record<Realm, Map<string, AccountState>> = { cloud: new Map(), onprem: new Map() };
  private readonly clients: Record<Realm, Map<string, ApiClientState>> = { cloud: new Map(), onprem: new Map() };
  private readonly accessTokens = new Map<string, AccessTokenState>();
  private readonly registrationTokens = new Map<string, RegistrationTokenState>();
  private readonly instances = new Map<string, ProductInstanceState>();
  private clockOffsetMs = 0;

  constructor(scenario?: CssmScenario) {
    if (scenario) this.seed(scenario);
  }

  /** The simulator's clock; tests move it forward instead of sleeping. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** Replaces everything with the scenario (validated here). */
  seed(input: CssmScenario): void {
    const scenario = cssmScenarioSchema.parse(input);
    for (const realm of ['cloud', 'onprem'] as const) {
      this.accounts[realm].clear();
      this.clients[realm].clear();
    }
    this.accessTokens.clear();
    this.registrationTokens.clear();
    this.instances.clear();
    this.tokenExpiresIn = scenario.tokenExpiresIn;
    for (const sa of scenario.smartAccounts) {
      this.addAccount('cloud', { key: sa.domain, name: sa.name, domain: sa.domain, type: sa.type, status: sa.status }, sa.virtualAccounts, sa.apiClients);
    }
    for (const la of scenario.onPremAccounts) {
      this.addAccount('onprem', { key: la.name, name: la.name, domain: la.name, type: 'CUSTOMER', status: 'ACTIVE' }, la.virtualAccounts, la.apiClients);
    }
  }

  addAccount(
    realm: Realm,
    identity: Pick<AccountState, 'key' | 'name' | 'domain' | 'type' | 'status'>,
    virtualAccounts: VirtualAccountScenario[],
    apiClients: { clientId: string; clientSecret: string }[],
  ): AccountState {
    const account: AccountState = { realm, ...identity, virtualAccounts: new Map(), vaList: [] };
    this.accounts[realm].set(account.key, account);
    for (const va of virtualAccounts) this.addVirtualAccount(account, va);
    for (const c of apiClients) {
      const client = this.clients[realm].get(c.clientId) ?? { ...c, realm, accounts: new Set<string>() };
      client.accounts.add(account.key);
      this.clients[realm].set(c.clientId, client);
    }
    return account;
  }

  addVirtualAccount(account: AccountState, input: VirtualAccountScenario): VirtualAccountState {
    const pools = new Map<string, VaLicensePool>();
    const poolList: VaLicensePool[] = [];
    const va: VirtualAccountState = {
      name: input.name,
      description: input.description ?? '',
      isDefault: input.isDefault ?? false,
      commerceAccessLevel: input.commerceAccessLevel ?? 'FULL',
      account,
      pools,
      poolList,
      subscriptionCount: 0,
      tokens: new Map(),
      instances: new Set(),
      poolSource: {
        get: (license) => pools.get(license),
        create: (license) => {
          const pool = newPool(license, 'PREPAID', []);
          pools.set(license, pool);
          poolList.push(pool);
          return pool;
        },
      },
    };
    for (const l of input.licenses ?? []) {
      const details = (l.licenseDetails ?? []).map((d) => ({ licenseType: 'TERM', subscriptionId: '', startDate: '', endDate: '', status: 'Active', licenseSku: '', orderNumber: '', ...d }) as LicenseDetailScenario);
      const existing = pools.get(l.license);
      if (existing) {
        existing.details.push(...details);
        existing.quantity = newPool(l.license, existing.billingType, existing.details).quantity;
      } else {
        const pool = newPool(l.license, l.billingType ?? 'PREPAID', details);
        pools.set(l.license, pool);
        poolList.push(pool);
      }
      va.subscriptionCount += details.filter((d) => d.subscriptionId !== '').length;
    }
    account.virtualAccounts.set(va.name, va);
    account.vaList.push(va);
    const now = this.now();
    for (const t of input.tokens ?? []) {
      const days = t.expiresAfterDays ?? 30;
      this.storeToken({
        token: t.token,
        account,
        virtualAccount: va,
        description: t.description ?? '',
        expiresAfterDays: days,
        createdAt: now,
        expiresAt: t.expirationDate ? Date.parse(t.expirationDate) : now + days * DAY_MS,
        exportControlled: t.exportControlled ?? 'Allowed',
        createdBy: t.createdBy ?? 'scenario',
        revoked: t.revoked ?? false,
      });
    }
    return va;
  }

  /**
   * Deletes a virtual account, as an administrator does in the CSSM portal: its tokens stop working and its product
   * instances are gone from CSSM (an agent still registered to it only learns so when it calls in).
   */
  removeVirtualAccount(account: AccountState, name: string): boolean {
    const va = account.virtualAccounts.get(name);
    if (!va) return false;
    for (const instanceId of [...va.instances]) this.removeInstance(instanceId);
    for (const token of va.tokens.keys()) this.registrationTokens.delete(token);
    account.virtualAccounts.delete(name);
    account.vaList.splice(account.vaList.indexOf(va), 1);
    return true;
  }

  account(realm: Realm, key: string): AccountState | undefined {
    return this.accounts[realm].get(key);
  }

  listAccounts(realm: Realm): AccountState[] {
    return [...this.accounts[realm].values()];
  }

  // --- OAuth -------------------------------------------------------------------------------------------

  /** Issues an access token for valid client credentials, undefined otherwise. */
  issueAccessToken(realm: Realm, clientId: string, clientSecret: string): { accessToken: string; expiresIn: number } | undefined {
    const client = this.clients[realm].get(clientId);
    if (!client || client.clientSecret !== clientSecret) return undefined;
    const accessToken = randomBytes(24).toString('base64url');
    // Clients that fetch a token per call must not grow the map forever.
    if (this.accessTokens.size >= 10_000) this.pruneExpiredAccessTokens();
    this.accessTokens.set(accessToken, { clientId, realm, accounts: client.accounts, expiresAt: this.now() + this.tokenExpiresIn * 1000 });
    return { accessToken, expiresIn: this.tokenExpiresIn };
  }

  private pruneExpiredAccessTokens(): void {
    const now = this.now();
    for (const [key, t] of this.accessTokens) if (t.expiresAt <= now) this.accessTokens.delete(key);
  }

  /** The live access token, or why it is refused. */
  verifyAccessToken(realm: Realm, accessToken: string): AccessTokenState | 'invalid' | 'expired' {
    const t = this.accessTokens.get(accessToken);
    if (!t || t.realm !== realm) return 'invalid';
    if (t.expiresAt <= this.now()) return 'expired';
    return t;
  }

  // --- Registration tokens ---------------------------------------------------------------------------

  createRegistrationToken(
    va: VirtualAccountState,
    input: { description: string; expiresAfterDays: number; exportControlled: ExportControlled; createdBy: string },
  ): RegistrationTokenState {
    const now = this.now();
    // Cisco tokens are long opaque base64 strings; base64url keeps them safe in a URL path (revoke).
    const token = randomBytes(48).toString('base64url');
    return this.storeToken({ token, account: va.account, virtualAccount: va, ...input, createdAt: now, expiresAt: now + input.expiresAfterDays * DAY_MS, revoked: false });
  }

  private storeToken(t: RegistrationTokenState): RegistrationTokenState {
    this.registrationTokens.set(t.token, t);
    t.virtualAccount.tokens.set(t.token, t);
    return t;
  }

  registrationToken(token: string): RegistrationTokenState | undefined {
    return this.registrationTokens.get(token);
  }

  tokenValidity(t: RegistrationTokenState): TokenValidity {
    if (t.revoked) return 'REVOKED';
    return t.expiresAt <= this.now() ? 'EXPIRED' : 'VALID';
  }

  // --- Product instances (smart agent) ---------------------------------------------------------------

  instance(instanceId: string): ProductInstanceState | undefined {
    return this.instances.get(instanceId);
  }

  get instanceCount(): number {
    return this.instances.size;
  }

  /** Registers (or moves, when the instance id is known) a product instance into the token's VA. */
  registerInstance(
    token: RegistrationTokenState,
    input: { instanceId: string; productType: ProductType; hostname: string; licenseMode: SimLicenseMode; usage: UsageRequest[] },
  ): ProductInstanceState {
    const existing = this.instances.get(input.instanceId);
    if (existing) this.removeInstance(existing.instanceId);
    const now = this.now();
    const va = token.virtualAccount;
    const instance: ProductInstanceState = {
      instanceId: input.instanceId,
      productType: input.productType,
      hostname: input.hostname,
      licenseMode: input.licenseMode,
      virtualAccount: va,
      usage: input.usage,
      allocations: allocate(va.poolSource, input.usage, input.licenseMode),
      registeredAt: now,
      registrationExpires: now + REGISTRATION_PERIOD_MS,
      lastAuthorization: now,
      authorizationExpires: now + AUTHORIZATION_PERIOD_MS,
      exportControlled: token.exportControlled === 'Allowed',
    };
    this.instances.set(instance.instanceId, instance);
    va.instances.add(instance.instanceId);
    return instance;
  }

  /** Removes the instance and releases its consumption. */
  removeInstance(instanceId: string): ProductInstanceState | undefined {
    const instance = this.instances.get(instanceId);
    if (!instance) return undefined;
    release(instance.virtualAccount.poolSource, instance.allocations);
    instance.virtualAccount.instances.delete(instanceId);
    this.instances.delete(instanceId);
    return instance;
  }

  /** Replaces the instance's usage (optionally its license mode) and re-allocates; also an authorization. */
  reportUsage(instance: ProductInstanceState, usage: UsageRequest[] = instance.usage, licenseMode: SimLicenseMode = instance.licenseMode): ProductInstanceState {
    release(instance.virtualAccount.poolSource, instance.allocations);
    instance.usage = usage;
    instance.licenseMode = licenseMode;
    instance.allocations = allocate(instance.virtualAccount.poolSource, usage, licenseMode);
    this.renewAuthorization(instance);
    return instance;
  }

  renewRegistration(instance: ProductInstanceState): void {
    instance.registrationExpires = this.now() + REGISTRATION_PERIOD_MS;
  }

  renewAuthorization(instance: ProductInstanceState): void {
    const now = this.now();
    instance.lastAuthorization = now;
    instance.authorizationExpires = now + AUTHORIZATION_PERIOD_MS;
  }

  authorizationStatus(instance: ProductInstanceState): 'AUTHORIZED' | 'OUT_OF_COMPLIANCE' {
    return instance.allocations.some((a) => a.shortfall > 0) ? 'OUT_OF_COMPLIANCE' : 'AUTHORIZED';
  }

  /** A compact JSON summary; with an account key, that account's VAs in full. */
  snapshot(query: { realm?: string; account?: string } = {}): unknown {
    const realm: Realm = query.realm === 'onprem' ? 'onprem' : 'cloud';
    if (query.account) {
      const account = this.account(realm, query.account);
      if (!account) return { error: 'NOT_FOUND' };
      return {
        realm,
        key: account.key,
        virtualAccounts: account.vaList.map((va) => ({
          name: va.name,
          licenses: va.poolList.map((p) => ({ license: p.license, quantity: p.quantity, inUse: p.inUse, substitutions: Object.fromEntries(p.substitutions) })),
          tokens: [...va.tokens.values()].map((t) => ({ token: t.token, status: this.tokenValidity(t), exportControlled: t.exportControlled })),
          productInstances: [...va.instances],
        })),
      };
    }
    const summary = (r: Realm) =>
      this.listAccounts(r).map((a) => ({ key: a.key, name: a.name, virtualAccounts: a.vaList.length, licenses: a.vaList.reduce((n, va) => n + va.poolList.length, 0) }));
    return {
      tokenExpiresIn: this.tokenExpiresIn,
      smartAccounts: summary('cloud'),
      onPremAccounts: summary('onprem'),
      registrationTokens: this.registrationTokens.size,
      productInstances: this.instances.size,
    };
  }
}
