import { z } from 'zod';

/**
 * The CSSM Smart Accounts API and SSM On-Prem API as smartlic reads them: paths and response shapes. Sources are
 * `cisco-interfaces.md` §1–2; what it marks [I]/[NF] is our ASSUMPTION, kept in this one file:
 * - On-Prem serves the CSSM sub-paths under `/backend/api/v1/accounts/{account name}` (licenses, subscriptions, VAs);
 * - the license-subscriptions body takes `virtualAccounts` like the licenses body;
 * - the create-token call on CSSM cloud is the On-Prem one (confirmed only for On-Prem).
 * Unknown fields are ignored (Cisco adds fields); missing optional ones get neutral defaults.
 */
export type CssmRealm = 'cloud' | 'onprem';

const enc = encodeURIComponent;

export const cssmPaths = (realm: CssmRealm, account: string) => {
  const a = enc(account);
  if (realm === 'cloud') {
    return {
      accounts: `/v2/accounts?domain=${a}`,
      virtualAccounts: `/v1/accounts/${a}/customer/virtual-accounts`,
      licenses: `/v1/accounts/${a}/licenses`,
      subscriptions: `/v1/accounts/${a}/license-subscriptions`,
      tokens: (va: string) => `/v1/accounts/${a}/virtual-accounts/${enc(va)}/tokens`,
    };
  }
  return {
    accounts: '/accounts',
    virtualAccounts: `/accounts/${a}/virtual-accounts`,
    licenses: `/accounts/${a}/licenses`,
    subscriptions: `/accounts/${a}/license-subscriptions`,
    tokens: (va: string) => `/accounts/${a}/virtual-accounts/${enc(va)}/tokens`,
  };
};

/** On-Prem: the API lives on the token URL's origin (`https://<satellite>:8443/backend/...`). */
export const onPremApiBase = (tokenUrl: string): string => `${new URL(tokenUrl).origin}/backend/api/v1`;

export const accessTokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive().default(3599) });

const int = z.coerce.number().int().catch(0);
const text = z.string().nullish().transform((v) => v ?? '');

export const accountsResponse = z.object({
  accounts: z
    .array(z.object({ accountName: text, accountDomain: text, accountStatus: text, accountType: text }))
    .default([]),
});

export const virtualAccountsResponse = z.object({
  virtualAccounts: z.array(
    z.object({
      name: z.string().min(1),
      description: text,
      // CSSM sends "true"/"false" as strings.
      isDefault: z.union([z.boolean(), z.string()]).nullish().transform((v) => v === true || v === 'true'),
      commerceAccessLevel: text,
    }),
  ),
});
export type VirtualAccountWire = z.infer<typeof virtualAccountsResponse>['virtualAccounts'][number];

const licenseDetailWire = z.object({
  licenseType: text,
  quantity: int,
  subscriptionId: text,
  startDate: text,
  endDate: text,
  status: text,
});

export const licensesResponse = z.object({
  totalRecords: int.optional(),
  licenses: z.array(
    z.object({
      license: z.string().min(1),
      virtualAccount: text,
      quantity: int,
      inUse: int,
      available: int,
      status: text,
      billingType: z.string().nullish().transform((v) => v ?? null),
      licenseDetails: z.array(licenseDetailWire).nullish().transform((v) => v ?? []),
    }),
  ),
});
export type LicenseItemWire = z.infer<typeof licensesResponse>['licenses'][number];

export const subscriptionsResponse = z.object({
  totalRecords: int.optional(),
  subscriptions: z.array(
    z.object({
      license: z.string().min(1),
      quantity: int,
      billingType: text,
      subscriptionId: z.string().min(1),
      virtualAccount: text,
      startDate: text,
      endDate: text,
      status: text,
      licenseType: text,
    }),
  ),
});
export type SubscriptionWire = z.infer<typeof subscriptionsResponse>['subscriptions'][number];

const tokenInfoWire = z.object({
  token: z.string().min(1),
  description: text,
  expirationDate: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date'),
  exportControlled: text,
  createdBy: text,
  status: z.string().nullish().transform((v) => v ?? 'VALID'),
});
export type TokenInfoWire = z.infer<typeof tokenInfoWire>;

export const tokensResponse = z.object({ tokens: z.array(tokenInfoWire).default([]) });
export const createTokenResponse = z.object({ tokenInfo: tokenInfoWire });

/** "Allowed" = the token permits export-controlled functionality. */
export const isExportControlled = (value: string): boolean => value.toLowerCase() === 'allowed' || value.toLowerCase() === 'true';
