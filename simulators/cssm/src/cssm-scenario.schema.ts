import { z } from 'zod';

// Empty = not applicable (a PERPETUAL license has no end date).
const isoDate = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'expected a date YYYY-MM-DD');

export const licenseDetailSchema = z.object({
  licenseType: z.enum(['TERM', 'PERPETUAL', 'DEMO']).default('TERM'),
  quantity: z.number().int().nonnegative(),
  subscriptionId: z.string().default(''),
  startDate: isoDate.default(''),
  endDate: isoDate.default(''),
  status: z.enum(['Active', 'Cancelled', 'Expired', 'Future']).default('Active'),
  licenseSku: z.string().default(''),
  orderNumber: z.string().default(''),
});
export type LicenseDetailScenario = z.output<typeof licenseDetailSchema>;

export const licenseScenarioSchema = z.object({
  license: z.string().min(1),
  billingType: z.enum(['PREPAID', 'USAGE']).default('PREPAID'),
  licenseDetails: z.array(licenseDetailSchema).min(1),
});

export const registrationTokenScenarioSchema = z.object({
  token: z.string().min(1),
  description: z.string().default(''),
  expiresAfterDays: z.number().int().positive().default(30),
  /** Absolute expiry (ISO date-time); wins over expiresAfterDays, lets a scenario hold an expired token. */
  expirationDate: z.string().datetime({ offset: true }).optional(),
  exportControlled: z.enum(['Allowed', 'Not Allowed']).default('Allowed'),
  createdBy: z.string().default('scenario'),
  revoked: z.boolean().default(false),
});

export const virtualAccountScenarioSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  isDefault: z.boolean().default(false),
  commerceAccessLevel: z.string().default('FULL'),
  licenses: z.array(licenseScenarioSchema).default([]),
  tokens: z.array(registrationTokenScenarioSchema).default([]),
});
export type VirtualAccountScenario = z.input<typeof virtualAccountScenarioSchema>;

export const apiClientScenarioSchema = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) });

export const smartAccountScenarioSchema = z.object({
  domain: z.string().min(1),
  name: z.string().min(1),
  type: z.enum(['CUSTOMER', 'HOLDING']).default('CUSTOMER'),
  status: z.string().default('ACTIVE'),
  /** API clients with access to this smart account; one clientId listed under several accounts reaches them all. */
  apiClients: z.array(apiClientScenarioSchema).default([]),
  virtualAccounts: z.array(virtualAccountScenarioSchema).default([]),
});
export type SmartAccountScenario = z.input<typeof smartAccountScenarioSchema>;

export const onPremAccountScenarioSchema = z.object({
  name: z.string().min(1),
  apiClients: z.array(apiClientScenarioSchema).default([]),
  virtualAccounts: z.array(virtualAccountScenarioSchema).default([]),
});

export const cssmScenarioSchema = z.object({
  /** `expires_in` of issued OAuth access tokens, seconds (tests shorten it). */
  tokenExpiresIn: z.number().int().positive().default(3599),
  limits: z.object({ maxConcurrent: z.number().int().positive().optional(), maxPerSecond: z.number().int().positive().optional() }).optional(),
  smartAccounts: z.array(smartAccountScenarioSchema).default([]),
  onPremAccounts: z.array(onPremAccountScenarioSchema).default([]),
});
/** A CSSM + SSM On-Prem scenario as written in YAML/JSON (defaults optional). */
export type CssmScenario = z.input<typeof cssmScenarioSchema>;
export type CssmScenarioParsed = z.output<typeof cssmScenarioSchema>;
