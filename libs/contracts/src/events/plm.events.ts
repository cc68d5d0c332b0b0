import { z } from 'zod';
import { defineEvent } from './event-definition.js';
import { eventSubject } from '../messaging/subjects.js';
import { STREAMS } from '../messaging/stream-names.js';
import { CLUSTER_TYPES, LICENSE_MODES } from '../licensing/application-type.js';

const stream = STREAMS.events;
const REGISTRATION = 'registration';

/** One license type of a Prime License Manager, as its license inventory reports it. */
export const plmLicenseSchema = z.object({
  licenseType: z.string().min(1).describe('PLM license type, e.g. "CUCM Enhanced Plus (12.x)"'),
  installed: z.number().int().nonnegative(),
  required: z.number().int().nonnegative(),
  available: z.number().int(),
});
export type PlmLicense = z.infer<typeof plmLicenseSchema>;

/** A UC cluster licensed through a PLM and what it consumes there. */
export const plmClusterUsageSchema = z.object({
  clusterId: z.string(),
  customerId: z.string(),
  type: z.enum(CLUSTER_TYPES),
  version: z.string(),
  licenses: z.array(z.object({ licenseType: z.string().min(1), count: z.number().int().nonnegative() })),
});
export type PlmClusterUsage = z.infer<typeof plmClusterUsageSchema>;

/**
 * The state of one Prime License Manager (guide: "License Management Summary"): its licenses and the customers and
 * clusters assigned to it with their usage. Registration (which owns License Managers and PLM assignments) publishes
 * it after every PLM audit (HCM-F audits every 4 hours) and after every PLM assignment change; reporting keeps the
 * latest per License Manager for Service Inventory (PLMINF0 / CUSTLICENSEINF0 / SITELICENSEINF0), HLM and the
 * license dashboard. Absolute: a consumer replaces what it held for the License Manager.
 */
export const plmInventoryReportedSchema = z.object({
  licenseManagerId: z.string(),
  /** PLM hostname or address: the "account" column of PLM rows in the reports. */
  hostname: z.string(),
  version: z.string().nullable(),
  licenseMode: z.enum(LICENSE_MODES).nullable(),
  reportedAt: z.string().datetime(),
  licenses: z.array(plmLicenseSchema),
  customerIds: z.array(z.string()),
  clusters: z.array(plmClusterUsageSchema),
});
export type PlmInventoryReported = z.infer<typeof plmInventoryReportedSchema>;

export const licenseManagerRemovedSchema = z.object({ licenseManagerId: z.string() });
export type LicenseManagerRemoved = z.infer<typeof licenseManagerRemovedSchema>;

export const PlmEvents = {
  plmInventoryReported: defineEvent({
    type: 'smartlic.registration.plm-inventory.reported',
    subject: eventSubject(REGISTRATION, 'plm-inventory', 'reported'),
    stream,
    schemaVersion: 1,
    schema: plmInventoryReportedSchema,
    summary: 'A Prime License Manager\'s licenses and its assigned customers and clusters with usage (after an audit or an assignment change)',
  }),
  licenseManagerRemoved: defineEvent({
    type: 'smartlic.registration.license-manager.removed',
    subject: eventSubject(REGISTRATION, 'license-manager', 'removed'),
    stream,
    schemaVersion: 1,
    schema: licenseManagerRemovedSchema,
    summary: 'A Prime License Manager instance was deleted from smartlic',
  }),
} as const;
