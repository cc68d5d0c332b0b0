import type { ErrorKind } from './error-kind.js';

/** A code smartlic adds where the guide has none (a REST request the guide's UI never lets through, a service of ours). */
export interface SmartlicCatalogueEntry {
  code: string;
  family: 'SMARTLIC';
  kind: ErrorKind;
  /** As in the guide's catalogue: the kind when the refused value is a field of the request body (none so far). */
  kindForBodyField?: ErrorKind;
  /** Default message; the service raising it usually says more (which id, which clusters). */
  message: string;
  recommendedAction: string;
  /** Who raises it, for the error reference. */
  raisedBy: string;
}

/**
 * smartlic's own codes, beside the guide's ({@link ERROR_CATALOGUE}). Their values are public API (REST `code`, job
 * `errorCode`): never rename one, add a new one instead.
 */
export const SMARTLIC_ERROR_CATALOGUE = {
  // Every service, on the command boundary; the gateway on the REST edge.
  INVALID_REQUEST: {
    code: 'INVALID_REQUEST',
    family: 'SMARTLIC',
    kind: 'invalid',
    message: 'The request is not valid',
    recommendedAction: 'Correct the fields named in the error and send the request again.',
    raisedBy: 'every service (a command whose body breaks its schema or a rule)',
  },
  NOT_FOUND: {
    code: 'NOT_FOUND',
    family: 'SMARTLIC',
    kind: 'not_found',
    message: 'No such resource',
    recommendedAction: 'Check the id: list the resources to find the right one.',
    raisedBy: 'every service (an id that names nothing); the gateway (an id of the wrong format, an unknown route)',
  },
  INTERNAL_ERROR: {
    code: 'INTERNAL_ERROR',
    family: 'SMARTLIC',
    kind: 'internal',
    message: 'An unexpected error occurred',
    recommendedAction: "Look for the error id in the service's logs.",
    raisedBy: 'every service (an unexpected fault: logged with an id, its text never returned)',
  },
  VALIDATION_FAILED: {
    code: 'VALIDATION_FAILED',
    family: 'SMARTLIC',
    kind: 'invalid',
    message: 'The request is not valid',
    recommendedAction: 'Correct the fields named in `errors` (body fields by their path, query parameters as `query.<name>`) and send the request again.',
    raisedBy: 'gateway (a body field or query parameter that breaks its schema)',
  },
  UNAUTHORIZED: {
    code: 'UNAUTHORIZED',
    family: 'SMARTLIC',
    kind: 'unauthorized',
    message: 'A valid bearer token is required',
    recommendedAction: 'Sign in again, or ask for a token from the identity provider.',
    raisedBy: 'gateway (no bearer token, or one that does not verify)',
  },
  FORBIDDEN: {
    code: 'FORBIDDEN',
    family: 'SMARTLIC',
    kind: 'forbidden',
    message: 'This operation needs another role',
    recommendedAction: 'Ask an administrator for the role the operation names.',
    raisedBy: 'gateway (a role below the one the route needs)',
  },
  REQUEST_TIMEOUT: {
    code: 'REQUEST_TIMEOUT',
    family: 'SMARTLIC',
    kind: 'unavailable',
    message: 'A smartlic service did not answer in time',
    recommendedAction: 'Check that the service is up and not overloaded, then try again.',
    raisedBy: 'gateway (a command unanswered within its timeout)',
  },
  NO_RESPONDERS: {
    code: 'NO_RESPONDERS',
    family: 'SMARTLIC',
    kind: 'unavailable',
    message: 'No instance of a smartlic service is running',
    recommendedAction: 'Start the service (or check its connection to NATS), then try again.',
    raisedBy: 'gateway (a command nobody listens to)',
  },
  // sync
  SYNC_TRANSPORT_CHANGE_REFUSED: {
    code: 'SYNC_TRANSPORT_CHANGE_REFUSED',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: 'Transport settings cannot be changed while clusters are assigned to the virtual accounts',
    recommendedAction: 'Unassign the clusters from the virtual accounts, change the transport, then assign them again.',
    raisedBy: 'sync (Edit smart account, Transport Mode)',
  },
  SYNC_SMART_ACCOUNT_EXISTS: {
    code: 'SYNC_SMART_ACCOUNT_EXISTS',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: 'A smart account with this domain is already configured',
    recommendedAction: 'Edit the existing smart account instead of adding it again.',
    raisedBy: 'sync (Configure Smart Account Access)',
  },
  SYNC_SMART_ACCOUNT_IN_USE: {
    code: 'SYNC_SMART_ACCOUNT_IN_USE',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: 'The smart account cannot be removed while clusters are assigned to its virtual accounts',
    recommendedAction: 'Unassign the clusters from the virtual accounts, then remove the smart account.',
    raisedBy: 'sync (Remove smart account)',
  },
  SYNC_OPERATIONAL_LICENSES_TAKEN: {
    code: 'SYNC_OPERATIONAL_LICENSES_TAKEN',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: 'Operational licenses (or satellite auto-registration) are already enabled for another smart account',
    recommendedAction: 'Disable them on the other smart account first, or leave them off here.',
    raisedBy: 'sync (Configure Smart Account Access: operational licenses)',
  },
  // license-mode
  VA_LICENSE_MODE_LOCKED: {
    code: 'VA_LICENSE_MODE_LOCKED',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: 'The license mode cannot be changed as clusters are associated with the virtual account',
    recommendedAction: 'Unassign the clusters from the virtual account (or disable auto-registration), then change its license mode.',
    raisedBy: 'license-mode (Edit Virtual Account: license mode)',
  },
  // reporting
  REPORT_NOT_READY: {
    code: 'REPORT_NOT_READY',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: 'The report has not been generated yet',
    recommendedAction: 'Poll the report until its status is Succeeded (request it again if it Failed).',
    raisedBy: 'reporting (download of a report still queued, running or failed)',
  },
  REPORT_GENERATION_FAILED: {
    code: 'REPORT_GENERATION_FAILED',
    family: 'SMARTLIC',
    kind: 'failed',
    message: 'The report could not be generated',
    recommendedAction: 'Request the report again; if it fails again, look for the report run in the reporting logs.',
    raisedBy: 'reporting (a report job)',
  },
  REPORT_DELIVERY_FAILED: {
    code: 'REPORT_DELIVERY_FAILED',
    family: 'SMARTLIC',
    kind: 'upstream',
    message: 'Report delivery failed',
    recommendedAction: 'Verify the SFTP credentials, that the directory exists and is writable, and the network connection to the primary and backup servers.',
    raisedBy: 'reporting (SFTP delivery to the primary and backup servers)',
  },
  // app-adapter: Prime License Manager (11.x clusters). The guide names no code for PLM; its UI words are kept.
  PLM_UNREACHABLE: {
    code: 'PLM_UNREACHABLE',
    family: 'SMARTLIC',
    kind: 'unavailable',
    message: 'Cannot connect to the License Manager',
    recommendedAction: 'Verify the License Manager address and port (8443 by default), that it is running, and the network connectivity from smartlic.',
    raisedBy: 'app-adapter (PLM client: no connection, connection reset, no answer in time, or its circuit open)',
  },
  PLM_CERTIFICATE_UNTRUSTED: {
    code: 'PLM_CERTIFICATE_UNTRUSTED',
    family: 'SMARTLIC',
    kind: 'failed',
    message: 'The License Manager certificate is not trusted',
    recommendedAction: "Add the CA certificate of the License Manager to the PLM's trust (its CA bundle), then try again.",
    raisedBy: 'app-adapter (PLM client: TLS verification of the License Manager failed)',
  },
  PLM_CREDENTIALS_REFUSED: {
    code: 'PLM_CREDENTIALS_REFUSED',
    family: 'SMARTLIC',
    kind: 'failed',
    message: 'The License Manager refused the OS admin credentials',
    recommendedAction: "Verify the License Manager's OS admin user name and password (they may have been changed on PLM).",
    raisedBy: 'app-adapter (PLM client: HTTP 401 from the License Manager)',
  },
  PLM_DEMO_MODE: {
    code: 'PLM_DEMO_MODE',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: 'The License Manager is in demo mode',
    recommendedAction: 'Install at least one HCS license on the License Manager, then add it again.',
    raisedBy: 'app-adapter (PLM client: validation of a License Manager with no HCS license installed)',
  },
  PLM_UNSUPPORTED_API: {
    code: 'PLM_UNSUPPORTED_API',
    family: 'SMARTLIC',
    kind: 'failed',
    message: 'The License Manager serves none of the API versions smartlic speaks',
    recommendedAction: 'Verify the License Manager version: smartlic speaks the REST API of PLM 10.x and 11.x.',
    raisedBy: 'app-adapter (PLM client: validation of the License Manager version)',
  },
  PLM_INVALID_ANSWER: {
    code: 'PLM_INVALID_ANSWER',
    family: 'SMARTLIC',
    kind: 'upstream',
    message: 'The License Manager answer is not valid',
    recommendedAction: 'Verify the address names a License Manager (not another server) and that it is healthy, then try again.',
    raisedBy: 'app-adapter (PLM client: an answer that is not JSON or not the PLM wire format)',
  },
  PLM_REFUSED: {
    code: 'PLM_REFUSED',
    family: 'SMARTLIC',
    kind: 'failed',
    message: 'The License Manager refused the request',
    recommendedAction: "Read the License Manager's message in the error; correct the request or the License Manager, then try again.",
    raisedBy: "app-adapter (PLM client: any other error answer; the License Manager's own message and code are kept)",
  },
  LICENSE_MANAGER_EXISTS: {
    code: 'LICENSE_MANAGER_EXISTS',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: 'A License Manager with this hostname is already added',
    recommendedAction: 'Edit the existing License Manager instead of adding it again.',
    raisedBy: 'registration (Add License Manager)',
  },
  LICENSE_MANAGER_IN_USE: {
    code: 'LICENSE_MANAGER_IN_USE',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: 'The License Manager cannot be deleted while customers or clusters are assigned to it',
    recommendedAction: 'Unassign the clusters and customers from the License Manager, then delete it.',
    raisedBy: 'registration (Delete License Manager)',
  },
  PLM_CAPACITY_REACHED: {
    code: 'PLM_CAPACITY_REACHED',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: 'The License Manager already serves 1,000 UC clusters',
    recommendedAction: 'Assign the cluster to another License Manager, or unassign clusters from this one first.',
    raisedBy: 'registration (Assign Cluster to PLM)',
  },
  PLM_CLUSTER_NOT_ELIGIBLE: {
    code: 'PLM_CLUSTER_NOT_ELIGIBLE',
    family: 'SMARTLIC',
    kind: 'failed',
    // The guide's words (Smart Licensing > PLM).
    message: 'PLM is not supported for UC applications cluster versions higher than 11.x',
    recommendedAction: 'Register all the 12.x UC applications cluster to CSSM.',
    raisedBy: 'registration (Assign Cluster to PLM: a cluster of version 12.x or later, or an Expressway)',
  },
  CLUSTER_ASSIGNED_TO_PLM: {
    code: 'CLUSTER_ASSIGNED_TO_PLM',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: 'The cluster is assigned to a License Manager (PLM)',
    recommendedAction: 'Unassign the UC cluster from PLM (License Management > License Management Summary) before you upgrade it to 12.5(x) or assign it to a virtual account.',
    raisedBy: 'registration (Assign Cluster and auto-registration of a cluster assigned to PLM)',
  },
  PLM_CUSTOMER_NOT_ASSIGNED: {
    code: 'PLM_CUSTOMER_NOT_ASSIGNED',
    family: 'SMARTLIC',
    kind: 'conflict',
    message: "The cluster's customer is not assigned to this License Manager",
    recommendedAction: 'Assign the customer to the License Manager first, then its clusters.',
    raisedBy: 'registration (Assign Cluster to PLM; Assign Customer to a License Manager already assigned to another one)',
  },
  PLM_CONNECTION_UNKNOWN: {
    code: 'PLM_CONNECTION_UNKNOWN',
    family: 'SMARTLIC',
    kind: 'not_found',
    message: 'app-adapter has no connection for this License Manager',
    recommendedAction: 'Edit the License Manager and enter its OS admin password again, so that its connection is validated and stored.',
    raisedBy: 'app-adapter (a PLM operation on a License Manager it has no connection for)',
  },
  PLM_PASSWORD_KEY_MISSING: {
    code: 'PLM_PASSWORD_KEY_MISSING',
    family: 'SMARTLIC',
    kind: 'unavailable',
    message: 'The deployment has no key to encrypt the License Manager password for app-adapter',
    recommendedAction: 'Set PROVISIONING_DECRYPTION_KEYS on app-adapter (the key provisioning credentials are encrypted with), then try again.',
    raisedBy: 'gateway (Add or Edit License Manager)',
  },
} as const satisfies Record<string, SmartlicCatalogueEntry>;

/** A code of smartlic's own. */
export type SmartlicErrorCode = keyof typeof SMARTLIC_ERROR_CATALOGUE;

/** smartlic's codes by name, for `code: SMARTLIC_ERROR_CODES.NOT_FOUND` instead of a string literal. */
export const SMARTLIC_ERROR_CODES = Object.fromEntries(Object.keys(SMARTLIC_ERROR_CATALOGUE).map((code) => [code, code])) as { readonly [C in SmartlicErrorCode]: C };
