import { z } from 'zod';

/**
 * WIRE FORMAT — Cisco Prime License Manager (PLM) 10.x/11.x, as HCM-F's license manager talks to it
 * (simulators/plm/src/plm.wire-format.ts is the simulator's side of the same text).
 *
 * Confirmed [C] by shared/reference/cisco-uc-interfaces.md §5 (TN119377): REST over HTTPS on port 8443 with PLM's
 * OS admin user and password (Basic); on add, HLM validates the connection, reads PLM's version to pick the API
 * version, sets PLM's deployment mode and expects 200 OK; the deployment mode is readable at `/elm-resources`; a
 * fresh PLM stays in demo mode until an HCS license is installed and cannot be added before; clusters are "force
 * added"; HLM audits every 4 hours; at most 1,000 clusters per PLM.
 *
 * INFERRED [I]: every path except `/elm-resources`, every body, every error answer (`{ code, message }`). Cisco
 * publishes no PLM REST schema (§5 "Not found"); correct it here against a real PLM.
 */
export const PLM_DEFAULT_PORT = 8443; // [C]
export const PLM_ABOUT_PATH = '/elm-resources'; // [C path, I body]

/** [I] The API versions this client speaks, best first; PLM's about resource lists those it serves. */
export const PLM_CLIENT_API_VERSIONS = ['v2', 'v1'] as const;
export type PlmApiVersion = (typeof PLM_CLIENT_API_VERSIONS)[number];
export const plmApiPath = (v: PlmApiVersion, resource: string): string => `/elm-resources/api/${v}${resource}`;

/** [I] */
export const PLM_RESOURCES = {
  deploymentMode: '/deployment-mode',
  licenses: '/licenses',
  productInstances: '/product-instances',
  productInstance: (name: string): string => `/product-instances/${encodeURIComponent(name)}`,
  productInstanceUsage: (name: string): string => `/product-instances/${encodeURIComponent(name)}/usage`,
} as const;

export const PLM_DEPLOYMENT_MODES = ['HCS', 'Enterprise'] as const;
export type PlmDeploymentMode = (typeof PLM_DEPLOYMENT_MODES)[number];

/** [I] `GET /elm-resources`. */
export const plmAboutSchema = z
  .object({
    version: z.string().min(1),
    apiVersions: z.array(z.string()),
    deploymentMode: z.enum(PLM_DEPLOYMENT_MODES),
    demoMode: z.boolean(),
  })
  .loose();
export type PlmAbout = z.infer<typeof plmAboutSchema>;

/** [I] `GET|PUT …/deployment-mode`. */
export const plmDeploymentModeSchema = z.object({ deploymentMode: z.enum(PLM_DEPLOYMENT_MODES) }).loose();

/** [I] `GET …/licenses`. */
export const plmLicensesSchema = z
  .object({
    demoMode: z.boolean(),
    licenses: z.array(
      z.object({ licenseType: z.string(), product: z.string(), installed: z.number().int(), required: z.number().int(), available: z.number().int(), status: z.string() }).loose(),
    ),
  })
  .loose();
export type PlmLicenseInventory = z.infer<typeof plmLicensesSchema>;

/** [I] The products PLM licenses (Unified CM, Unity Connection, Emergency Responder; the guide's PLMINF0 lines). */
export const PLM_PRODUCTS = ['HUCM', 'HCUC', 'HCER'] as const;
export type PlmProduct = (typeof PLM_PRODUCTS)[number];

/** [I] `POST …/product-instances` body; HCM-F always force-adds [C]. */
export const plmAddClusterBody = (c: { name: string; product: PlmProduct; version: string; hostname: string }): unknown => ({ ...c, force: true });

/** [I] One registered cluster ("product instance"). */
export const plmProductInstanceSchema = z.object({ name: z.string(), product: z.enum(PLM_PRODUCTS), version: z.string(), hostname: z.string() }).loose();

/** [I] `GET …/product-instances/:name/usage`. */
export const plmUsageSchema = z
  .object({ name: z.string(), product: z.enum(PLM_PRODUCTS), usage: z.array(z.object({ licenseType: z.string(), count: z.number().int().nonnegative() }).loose()) })
  .loose();
export type PlmClusterUsage = z.infer<typeof plmUsageSchema>;

/** [I] PLM's error codes the client tells apart (in `PlmCallError.details.plmCode`); an unknown resource is told by its 404. */
export const PLM_ERROR_CODES = { unsupportedVersion: 'UNSUPPORTED_VERSION', capacityReached: 'CAPACITY_REACHED' } as const;

/** [I] Error answers. */
export const plmErrorSchema = z.object({ code: z.string(), message: z.string() }).loose();
