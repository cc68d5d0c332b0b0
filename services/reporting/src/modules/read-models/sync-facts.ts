/**
 * The facts reporting keeps from sync's events (smart accounts, virtual accounts, licenses, subscriptions), in the
 * shape of `libs/contracts` sync events. Kept structural so that the projection accepts the contract payloads as
 * they are and tests can feed it directly.
 */
export interface SmartAccountFact {
  id: string;
  name: string;
  domain: string;
  type: 'CSSM' | 'Satellite';
  satellite?: { localAccount?: string | null } | null;
  operationalLicenses?: { opted?: boolean; orderedVirtualAccount?: string | null; operationalVirtualAccount?: string | null } | null;
}

export interface VirtualAccountFact {
  id?: string | null;
  smartAccountId: string;
  smartAccountName?: string | null;
  smartAccountDomain?: string | null;
  smartAccountType?: 'CSSM' | 'Satellite' | null;
  name: string;
}

export interface SubscriptionFact {
  subscriptionId: string;
  smartAccountId: string;
  virtualAccount: string;
  license: string;
  quantity: number;
  licenseType: string;
  billingType?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  status?: string | null;
}

export interface LicenseDetailFact {
  licenseType: string;
  quantity: number;
  subscriptionId?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  status?: string | null;
}

export interface LicenseSnapshotFact {
  smartAccountId: string;
  virtualAccount: string;
  licenses: { license: string; quantity: number; inUse: number; available: number; status: string; licenseDetails?: LicenseDetailFact[] }[];
}
