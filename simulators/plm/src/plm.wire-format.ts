/**
 * WIRE FORMAT — Cisco Prime License Manager (PLM) 10.x/11.x, as HCM-F's license manager (HLM) talks to it.
 *
 * Confirmed [C] by shared/reference/cisco-uc-interfaces.md §5 (TN119377): HLM talks REST to PLM over HTTPS on
 * port 8443 with PLM's OS admin user and password; on add it validates the connection, reads PLM's version to pick
 * the API version, sets PLM's deployment mode and expects 200 OK; the deployment mode is readable at
 * `https://<plm>/elm-resources`; a fresh PLM stays in demo mode until at least one HCS license is installed and
 * cannot be added before; clusters are "force added"; HLM audits every 4 hours; at most 1,000 clusters per PLM.
 * Confirmed by the guide: PLM does not support UC application versions above 11.x ("PLM is not supported for UC
 * applications cluster versions higher than 11.x"), and the license type names of its sample `PLMINF0` lines.
 *
 * INFERRED [I]: every path below except `/elm-resources` itself, every body and every error answer. Cisco publishes
 * no PLM REST schema (§5, "Not found"); client and simulator implement exactly this so that it can be corrected
 * against a real PLM in one place on each side.
 */

export const PLM_DEFAULT_PORT = 8443; // [C]

/** [C path, I body] What PLM is: version, deployment mode and demo mode. Read first, to pick the API version. */
export const PLM_ABOUT_PATH = '/elm-resources'; // [C]

/** [I] API versions: PLM 11.x serves v2 and v1, older PLMs v1 only. A client uses the highest its PLM serves. */
export const PLM_API_VERSIONS = ['v1', 'v2'] as const;
export type PlmApiVersion = (typeof PLM_API_VERSIONS)[number];
export const plmApiVersionsOf = (version: string): PlmApiVersion[] => (plmMajor(version) >= 11 ? ['v1', 'v2'] : ['v1']);

/** `11.5.1.12000-1` → 11; NaN when unreadable. */
export const plmMajor = (version: string): number => Number.parseInt(version.split('.')[0] ?? '', 10);

/** [I] The versioned resources, under `/elm-resources/api/<version>`. */
export const plmApiPrefix = (v: PlmApiVersion): string => `/elm-resources/api/${v}`;
export const PLM_PATHS = {
  /** [I] GET `{ deploymentMode }`; PUT `{ deploymentMode }` → 200 `{ deploymentMode }`. */
  deploymentMode: '/deployment-mode',
  /** [I] GET `{ licenses: [{ licenseType, product, installed, required, available, status }] }`. */
  licenses: '/licenses',
  /** [I] GET `{ productInstances: [...] }`; POST `{ name, product, version, hostname, force }` → 201 the instance. */
  productInstances: '/product-instances',
  /** [I] DELETE → 204. */
  productInstance: (name: string): string => `/product-instances/${encodeURIComponent(name)}`,
  /** [I] GET `{ name, usage: [{ licenseType, count }] }`. */
  productInstanceUsage: (name: string): string => `/product-instances/${encodeURIComponent(name)}/usage`,
} as const;

/** [I] PLM's deployment modes (HCS, or Enterprise as on premises). */
export const PLM_DEPLOYMENT_MODES = ['HCS', 'Enterprise'] as const;
export type PlmDeploymentMode = (typeof PLM_DEPLOYMENT_MODES)[number];

/** [C guide, sample PLMINF0 lines] The products PLM licenses and their HCS license types. */
export const PLM_LICENSE_TYPES = {
  HUCM: ['HUCM_Foundation', 'HUCM_Standard', 'HUCM_Essential', 'HUCM_Basic', 'HUCM_TelePresenceRoom'],
  HCUC: ['HCUC_BasicMessaging', 'HCUC_EnhancedMessaging', 'HCUC_StandardMessaging', 'HCUC_SpeechConnectPort'],
  HCER: ['HCER_User'],
} as const;
export type PlmProduct = keyof typeof PLM_LICENSE_TYPES;
export const PLM_PRODUCTS = Object.keys(PLM_LICENSE_TYPES) as PlmProduct[];
export type PlmLicenseType = (typeof PLM_LICENSE_TYPES)[PlmProduct][number];
export const PLM_ALL_LICENSE_TYPES = PLM_PRODUCTS.flatMap((p) => [...PLM_LICENSE_TYPES[p]]) as PlmLicenseType[];
export const productOfLicenseType = (t: string): PlmProduct | undefined => PLM_PRODUCTS.find((p) => (PLM_LICENSE_TYPES[p] as readonly string[]).includes(t));

/** [C TN119377] */
export const PLM_MAX_CLUSTERS = 1000;

/** [I] Error answers: `{ code, message }` with these codes. */
export const PLM_ERROR_CODES = {
  notAuthorized: 'NOT_AUTHORIZED',
  badRequest: 'BAD_REQUEST',
  notFound: 'NOT_FOUND',
  /** The cluster is not 11.x or earlier (the guide's sentence is the message). */
  unsupportedVersion: 'UNSUPPORTED_VERSION',
  /** Already registered and `force` not set. */
  alreadyExists: 'ALREADY_EXISTS',
  /** 1,000 clusters already. */
  capacityReached: 'CAPACITY_REACHED',
} as const;

/** [C guide, "Smart Licensing" overview] verbatim. */
export const PLM_UNSUPPORTED_VERSION_MESSAGE = 'PLM is not supported for UC applications cluster versions higher than 11.x. Register all the 12.x UC applications cluster to CSSM.';

/** [I] The realm of PLM's Basic challenge on a 401. */
export const PLM_AUTH_REALM = 'Cisco Prime License Manager';
