import { z } from 'zod';
import { CLUSTER_TYPES, LICENSE_MODES, licenseManagerInputSchema, PLM_CLUSTER_STATUSES, licenseManagerUpdateSchema, provisioningIdSchema } from '#libs/contracts';

/** Add License Manager: the contract's schema, so the gateway and registration apply the same rules. */
export const addLicenseManagerBodySchema = licenseManagerInputSchema;
export type AddLicenseManagerBody = z.infer<typeof addLicenseManagerBodySchema>;

/** Edit: any of the fields; an omitted password keeps the stored one. */
export const updateLicenseManagerBodySchema = licenseManagerUpdateSchema;
export type UpdateLicenseManagerBody = z.infer<typeof updateLicenseManagerBodySchema>;

export const licenseManagerListQuerySchema = z.object({
  hostname: z.string().min(1).max(255).optional().describe('Case-insensitive substring of the hostname'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type LicenseManagerListQuery = z.infer<typeof licenseManagerListQuerySchema>;

export const licenseModeBodySchema = z.object({ licenseMode: z.enum(LICENSE_MODES) });
export type LicenseModeBody = z.infer<typeof licenseModeBodySchema>;

export const customerAssignmentBodySchema = z.object({ customerId: provisioningIdSchema.describe("The provisioning system's customer id") });
export type CustomerAssignmentBody = z.infer<typeof customerAssignmentBodySchema>;

export const plmClustersBodySchema = z.object({ clusterIds: z.array(provisioningIdSchema).min(1, 'name at least one cluster').max(1000) });
export type PlmClustersBody = z.infer<typeof plmClustersBodySchema>;

const page = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
};

/** License Management Summary filters, as the Cluster Summary's. */
export const licenseManagementClusterQuerySchema = z.object({
  customerId: provisioningIdSchema.optional(),
  type: z.enum(CLUSTER_TYPES).optional().describe('Application type'),
  status: z.enum(PLM_CLUSTER_STATUSES).optional(),
  licenseManagerId: z.string().min(1).max(128).optional().describe('License Manager id'),
  ...page,
});
export type LicenseManagementClusterQuery = z.infer<typeof licenseManagementClusterQuerySchema>;

export const licenseManagementCustomerQuerySchema = z.object({ licenseManagerId: z.string().min(1).max(128).optional().describe('License Manager id'), ...page });
export type LicenseManagementCustomerQuery = z.infer<typeof licenseManagementCustomerQuerySchema>;
