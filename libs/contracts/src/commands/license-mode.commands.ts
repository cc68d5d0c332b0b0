import { z } from 'zod';
import { APPLICATION_TYPES, LICENSE_MODES } from '../licensing/application-type.js';
import { ALLOCATION_HIERARCHY, HCS_LICENSE_TIERS } from '../licensing/license-mapping.js';
import { SMARTLIC_ERROR_CODES } from '../errors/smartlic-codes.js';
import { commandSubject } from '../messaging/subjects.js';
import { defineCommand } from './command-definition.js';

/** HCM-F's Provisioning Adapter: VA and cluster license modes. */
export const LICENSE_MODE_SERVICE = 'license-mode';

/** A virtual account by its sync id, or by smart account id and name. */
export const virtualAccountRefSchema = z.union([
  z.object({ virtualAccountId: z.string().min(1) }),
  z.object({ smartAccountId: z.string().min(1), virtualAccount: z.string().min(1) }),
]);
export type VirtualAccountRef = z.infer<typeof virtualAccountRefSchema>;

export const vaLicenseModeSchema = z.object({
  virtualAccountId: z.string().nullable(),
  smartAccountId: z.string(),
  virtualAccount: z.string(),
  /** null until an administrator sets it; clusters cannot be assigned before (guide: "Assign and Unassign"). */
  mode: z.enum(LICENSE_MODES).nullable(),
  assignedClusters: z.number().int().nonnegative(),
  /** Of `assignedClusters`, those auto-registration put there (in HCS mode). */
  autoRegisteredClusters: z.number().int().nonnegative().default(0),
  /** Whether auto-registration registers clusters to this VA (the operational VA of a smart account with it on). */
  autoRegistration: z.boolean().default(false),
  /** False while clusters are assigned (or auto-registration holds it in HCS): the mode cannot change then. */
  editable: z.boolean(),
  /** Why the mode is not editable (the guide's tooltip), or what it waits for; null otherwise. */
  reason: z.string().nullable(),
});
export type VaLicenseMode = z.infer<typeof vaLicenseModeSchema>;

export const clusterLicenseModeResultSchema = z.object({
  clusterId: z.string(),
  mode: z.enum(LICENSE_MODES),
  previousMode: z.enum(LICENSE_MODES).nullable(),
  changed: z.boolean().describe('True when the mode was changed (Enterprise to HCS reboots the publisher)'),
});

export const licenseMappingSchema = z.object({
  mappings: z.array(
    z.object({
      hcsLicense: z.string(),
      tier: z.enum(HCS_LICENSE_TIERS),
      application: z.enum(APPLICATION_TYPES),
      reportLicenseType: z.string(),
      reportProduct: z.string(),
      enterpriseLicenses: z.array(z.string()),
    }),
  ),
  hierarchy: z.array(z.enum(ALLOCATION_HIERARCHY)),
});

export const LicenseModeCommands = {
  getVirtualAccount: defineCommand({
    subject: commandSubject(LICENSE_MODE_SERVICE, 'virtual-account', 'get'),
    service: LICENSE_MODE_SERVICE,
    request: virtualAccountRefSchema,
    response: vaLicenseModeSchema,
    timeoutMs: 10_000,
    summary: 'License mode of a virtual account, and whether it can change',
  }),
  setVirtualAccount: defineCommand({
    subject: commandSubject(LICENSE_MODE_SERVICE, 'virtual-account', 'set'),
    service: LICENSE_MODE_SERVICE,
    request: z.intersection(virtualAccountRefSchema, z.object({ mode: z.enum(LICENSE_MODES) })),
    response: vaLicenseModeSchema,
    timeoutMs: 10_000,
    summary: 'Set the license mode of a virtual account (refused while clusters are assigned)',
  }),
  setCluster: defineCommand({
    subject: commandSubject(LICENSE_MODE_SERVICE, 'cluster', 'set'),
    service: LICENSE_MODE_SERVICE,
    request: z.object({ clusterId: z.string().min(1), applicationType: z.enum(APPLICATION_TYPES), mode: z.enum(LICENSE_MODES) }),
    response: clusterLicenseModeResultSchema,
    // Enterprise to HCS reboots the publisher: the reply waits for it.
    timeoutMs: 20 * 60_000,
    summary: "Change a cluster's license mode to match its virtual account's, waiting for the publisher's reboot",
  }),
  getLicenseMapping: defineCommand({
    subject: commandSubject(LICENSE_MODE_SERVICE, 'license-mapping', 'get'),
    service: LICENSE_MODE_SERVICE,
    request: z.object({}),
    response: licenseMappingSchema,
    timeoutMs: 10_000,
    summary: 'The HCS to Enterprise license mapping and the allocation hierarchy',
  }),
};

/** license-mode's own refusal (the guide has no code for it), from the error catalogue (kind `conflict`). */
export const LICENSE_MODE_ERROR_CODES = {
  modeLocked: SMARTLIC_ERROR_CODES.VA_LICENSE_MODE_LOCKED,
} as const;

/** The guide's tooltip when a VA's license mode cannot change (guide: "Virtual Account Summary"). */
export const VA_LICENSE_MODE_LOCKED_REASON = 'The license mode cannot be changed as clusters are associated with the virtual account';

/**
 * Why the operational VA of auto-registration stays in HCS mode (guide: "If you enable autoregistration, HCM-F changes
 * the license modes of the UC Applications to HCS mode").
 */
export const VA_LICENSE_MODE_AUTO_REGISTRATION_REASON =
  'Auto-registration registers the clusters of this operational virtual account in HCS mode: disable auto-registration on its smart account before changing the license mode';

/** Why a VA holding auto-registered clusters cannot leave HCS: auto-registration put them in HCS mode. */
export const VA_LICENSE_MODE_AUTO_REGISTERED_REASON = 'The license mode cannot be changed from HCS as auto-registered clusters (in HCS mode) are associated with the virtual account';
