import { poolStatus } from './license-allocation.js';
import type { CssmState, ProductInstanceState, RegistrationTokenState, VaLicensePool, VirtualAccountState } from './cssm.state.js';

// Wire shapes of the CSSM Smart Accounts API (cisco-interfaces.md §1.2); status literal "OK" is our assumption.
export const ok = <T extends object>(body: T): T & { status: 'OK'; statusMessage: string } => ({ status: 'OK', statusMessage: 'Success', ...body });
export const envelopeError = (statusMessage: string): { status: 'ERROR'; statusMessage: string } => ({ status: 'ERROR', statusMessage });

export const MESSAGES = {
  unknownAccount: 'Given Smart Account ID does not exist',
  noAccess: 'User does not have access to the Smart Account',
  unauthorized: 'Invalid access token',
  expired: 'Access token expired',
  accessDenied: 'Access Denied',
} as const;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const licenseItemView = (va: VirtualAccountState, pool: VaLicensePool) => ({
  license: pool.license,
  virtualAccount: va.name,
  quantity: pool.quantity,
  inUse: pool.inUse,
  available: pool.quantity - pool.inUse,
  status: poolStatus(pool),
  billingType: pool.billingType,
  ahaApps: false,
  isPortable: false,
  pendingQuantity: 0,
  reserved: 0,
  licenseSubstitutions: [...pool.substitutions].map(([substitutedLicense, substitutedQuantity]) => ({
    licenseName: pool.license,
    substitutedLicense,
    substitutedQuantity,
    substitutionType: 'DUAL_PARENT',
  })),
  licenseDetails: pool.details.map((d) => ({ ...d, orderLineIdentifier: '', billToPo: '', endCustomerPo: '', shipTo: '', customer: '' })),
});

export const subscriptionViews = (va: VirtualAccountState) =>
  va.poolList.flatMap((pool) =>
    pool.details
      .filter((d) => d.subscriptionId !== '')
      .map((d) => ({
        license: pool.license,
        quantity: d.quantity,
        billingType: pool.billingType,
        subscriptionId: d.subscriptionId,
        virtualAccount: va.name,
        startDate: d.startDate,
        endDate: d.endDate,
        status: d.status,
        licenseType: d.licenseType,
      })),
  );

export const tokenInfoView = (state: CssmState, t: RegistrationTokenState) => ({
  token: t.token,
  description: t.description,
  expiresAfterDays: t.expiresAfterDays,
  expirationDate: new Date(t.expiresAt).toISOString(),
  exportControlled: t.exportControlled,
  createdBy: t.createdBy,
  createdDate: new Date(t.createdAt).toISOString(),
  virtualAccount: t.virtualAccount.name,
  status: state.tokenValidity(t),
});

export const deviceView = (state: CssmState, i: ProductInstanceState) => ({
  instanceId: i.instanceId,
  productType: i.productType,
  hostname: i.hostname,
  virtualAccount: i.virtualAccount.name,
  licenseMode: i.licenseMode,
  registrationDate: new Date(i.registeredAt).toISOString(),
  registrationExpires: new Date(i.registrationExpires).toISOString(),
  lastAuthorizationDate: new Date(i.lastAuthorization).toISOString(),
  authorizationExpires: new Date(i.authorizationExpires).toISOString(),
  authorizationStatus: state.authorizationStatus(i),
  exportControlled: i.exportControlled,
  licenses: i.usage.map((u) => ({ license: u.license, quantity: u.count })),
});

/** What the smart agent learns from CSSM after register / usage / renew (simulator-internal API). */
export const agentView = (state: CssmState, i: ProductInstanceState) => ({
  instanceId: i.instanceId,
  smartAccount: i.virtualAccount.account.key,
  virtualAccount: i.virtualAccount.name,
  registeredAt: new Date(i.registeredAt).toISOString(),
  registrationExpires: new Date(i.registrationExpires).toISOString(),
  lastAuthorization: new Date(i.lastAuthorization).toISOString(),
  authorizationExpires: new Date(i.authorizationExpires).toISOString(),
  authorizationStatus: state.authorizationStatus(i),
  exportControlled: i.exportControlled,
  licenseMode: i.licenseMode,
  allocations: i.allocations,
});

export { isoDay };
