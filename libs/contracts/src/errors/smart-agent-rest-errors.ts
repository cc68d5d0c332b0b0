import { type ErrorCode } from './catalogue.js';

/**
 * The guide's table "Smart Licensing Error Code and Message Mapping": the errors the UC applications' smart-agent
 * REST operations return, transcribed verbatim (the guide's "Derigister", "CUCA", ... are kept; the OCR noise
 * `EvtSImCuc...` / `CuSImSvr` is corrected to `EvtSlmCuc...` / `CuSlmSvr`). Each row's "Recommended Action" cell is
 * split into the action text and the alarm/event names it lists. The guide fills the action cell on one row per
 * group only; rows whose cell is empty in the guide keep an empty `recommendedAction`.
 */

/** The smart-agent REST operations of the UC applications. */
export type SmartAgentOperation = 'transportsettings' | 'deregister' | 'register' | 'renewID' | 'renewAuth' | 'licensedetails';

/** The operations in the order of the guide's table. */
export const SMART_AGENT_OPERATIONS = [
  'transportsettings',
  'deregister',
  'register',
  'renewID',
  'renewAuth',
  'licensedetails',
] as const satisfies readonly SmartAgentOperation[];

/**
 * The operation column of a mapping row: one operation, or `'all'` for the guide's last row ("All APIs", 401
 * NOT_AUTHORIZED), which any operation may return.
 */
export type SmartAgentRestErrorOperation = SmartAgentOperation | 'all';

/** One row of the guide's mapping table. */
export interface SmartAgentRestError {
  /** Stable identifier `<operation>.<reason>`, e.g. `register.invalid-token`, `transportsettings.invalid-proxy-port`. */
  key: string;
  /** The "REST API" column; rows with an empty cell belong to the operation above them. */
  operation: SmartAgentRestErrorOperation;
  /** The "Response" column. */
  httpStatus: 400 | 401 | 405 | 500;
  /** The "Code" column. */
  code: 'INVALID_PARAMETER' | 'METHOD_NOT_ALLOWED' | 'INTERNAL_SERVER_ERROR' | 'NOT_AUTHORIZED';
  /** The "Message" column, verbatim (trailing periods included where the guide has them). */
  message: string;
  /** The "Recommended Action" column without the alarm names; empty where the guide's cell is empty. */
  recommendedAction: string;
  /** Alarm / event names listed in the "Recommended Action" column (e.g. `EvtSlmCucRegistrationFailure`). */
  alarms: string[];
  /**
   * The catalogue code the application adapter (CAA) reports for this row. 405 rows whose message covers
   * "registered/unregistered state OR Subscriber node" are mapped by state (CAA1041 transportsettings, CAA1042
   * deregister; renewID/renewAuth use CAA1050 like their other failures): the REST message does not tell which case
   * applies, so callers that know the target node is a subscriber override the code with CAA1049.
   */
  catalogueCode: ErrorCode;
}

const UNKNOWN_ERROR = 'The requested operation was not successful due to an unknown error';
const TRUST_CHAIN = 'The requested operation was not successful due to invalid trust chain pool';
const TIMEOUT = 'The requested operation was not successful due to a communication timeout';
const SEND_ERROR = 'The requested operation was not successful due to communication send error';
const SERVER_NOT_RUNNING =
  'Smart License Server is not running. Start Smart License Manager Server from CUCA Serviceability Page';

/** Every row of the guide's mapping table, in the guide's order. */
export const SMART_AGENT_REST_ERRORS: readonly SmartAgentRestError[] = [
  // transportsettings
  {
    key: 'transportsettings.not-allowed',
    operation: 'transportsettings',
    httpStatus: 405,
    code: 'METHOD_NOT_ALLOWED',
    message:
      'Edit Transport Settings operation is not allowed since product is in either Registered state or is a Subscriber node',
    recommendedAction: 'Derigister your product instance and run it from correct node (Publisher only)',
    alarms: [],
    catalogueCode: 'CAA1041',
  },
  {
    key: 'transportsettings.apply-failed',
    operation: 'transportsettings',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Failed to apply the Transport Settings',
    recommendedAction:
      'Try to run command again with correct information and privilege. If this issue persists, please contact Cisco Technical Support',
    alarms: [],
    catalogueCode: 'CAA1083',
  },
  {
    key: 'transportsettings.invalid-transport-mode',
    operation: 'transportsettings',
    httpStatus: 400,
    code: 'INVALID_PARAMETER',
    message: 'Please enter a valid Transport Mode within the range (0 - 2)',
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1083',
  },
  {
    key: 'transportsettings.invalid-gateway-url',
    operation: 'transportsettings',
    httpStatus: 400,
    code: 'INVALID_PARAMETER',
    message: 'Please enter a valid Transport Gateway URL',
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1083',
  },
  {
    key: 'transportsettings.invalid-proxy',
    operation: 'transportsettings',
    httpStatus: 400,
    code: 'INVALID_PARAMETER',
    message: 'Please provide valid HTTP/HTTPS Proxy IP Address and/or HTTP/HTTPS Proxy Port',
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1040',
  },
  {
    key: 'transportsettings.invalid-proxy-address',
    operation: 'transportsettings',
    httpStatus: 400,
    code: 'INVALID_PARAMETER',
    message: 'Please enter a valid HTTP/HTTPS Proxy IP Address',
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1040',
  },
  {
    key: 'transportsettings.invalid-proxy-port',
    operation: 'transportsettings',
    httpStatus: 400,
    code: 'INVALID_PARAMETER',
    message: 'Please enter a valid HTTP/HTTPS Proxy Port within the range (1 - 65535)',
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1040',
  },

  // deregister
  {
    key: 'deregister.not-allowed',
    operation: 'deregister',
    httpStatus: 405,
    code: 'METHOD_NOT_ALLOWED',
    message: 'Deregistration is not allowed since product is in either unregistered state or is a Subscriber node',
    recommendedAction: 'Check License status and Node information and take action accordingly',
    alarms: [],
    catalogueCode: 'CAA1042',
  },
  {
    key: 'deregister.unknown-error',
    operation: 'deregister',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: UNKNOWN_ERROR,
    recommendedAction: "Check Register status, if its deregister, remove product instance manually from CSSM.",
    alarms: ['EvtSlmCucDeregistrationFailure', 'SmartLicensingDeregistrationFailure'],
    catalogueCode: 'CAA1082',
  },
  {
    key: 'deregister.invalid-trust-chain',
    operation: 'deregister',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: TRUST_CHAIN,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1082',
  },
  {
    key: 'deregister.communication-timeout',
    operation: 'deregister',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: `${TIMEOUT}.`,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1082',
  },
  {
    key: 'deregister.communication-send-error',
    operation: 'deregister',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: SEND_ERROR,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1082',
  },

  // register
  {
    key: 'register.invalid-token',
    operation: 'register',
    httpStatus: 400,
    code: 'INVALID_PARAMETER',
    message:
      'The Product Instance Registration Token you have entered is either invalid or has been expired. Ensure that you have pasted the entire token and that the token has not expired',
    recommendedAction: '',
    alarms: ['EvtSlmCucRegistrationFailure', 'SmartLicensingRegistrationFailure'],
    catalogueCode: 'CAA1048',
  },
  {
    key: 'register.subscriber-node',
    operation: 'register',
    httpStatus: 405,
    code: 'METHOD_NOT_ALLOWED',
    message:
      'Smart Software Licensing operations are not allowed from Subscriber, licenses for this system are managed by Publisher',
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1049',
  },
  {
    key: 'register.already-registered',
    operation: 'register',
    httpStatus: 405,
    code: 'METHOD_NOT_ALLOWED',
    message: "Product is already registered on CSSM. To Re-register it use 'force' flag",
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1081',
  },
  {
    key: 'register.unknown-error',
    operation: 'register',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: UNKNOWN_ERROR,
    recommendedAction:
      'Check the network connectivity with CSSM. For further troubleshooting, check the CuSlmSvr diagnostic logs. Retry Product Registration. If this issue persists, contact Cisco Technical Support.',
    alarms: ['EvtSlmCucRegistrationFailure', 'SmartLicensingRegistrationFailure'],
    catalogueCode: 'CAA1081',
  },
  {
    key: 'register.unable-to-register',
    operation: 'register',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: 'The Product Instance was unable to register with Smart Software Licensing',
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1081',
  },
  {
    key: 'register.invalid-trust-chain',
    operation: 'register',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: TRUST_CHAIN,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1081',
  },
  {
    key: 'register.communication-timeout',
    operation: 'register',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: `${TIMEOUT}.`,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1081',
  },
  {
    key: 'register.communication-send-error',
    operation: 'register',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: SEND_ERROR,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1081',
  },
  {
    key: 'register.server-not-running',
    operation: 'register',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: SERVER_NOT_RUNNING,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1081',
  },

  // renewID
  {
    key: 'renewID.not-allowed',
    operation: 'renewID',
    httpStatus: 405,
    code: 'METHOD_NOT_ALLOWED',
    message: 'Renewal of ID is not allowed since product is in either unregistered state or is a Subscriber node',
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1050',
  },
  {
    key: 'renewID.server-not-running',
    operation: 'renewID',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: SERVER_NOT_RUNNING,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1050',
  },
  {
    key: 'renewID.communication-timeout',
    operation: 'renewID',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: TIMEOUT,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1050',
  },
  {
    key: 'renewID.unknown-error',
    operation: 'renewID',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: UNKNOWN_ERROR,
    recommendedAction:
      'Check the network connectivity with CSSM. For further troubleshooting, check the CuSlmSvr diagnostic logs. Retry Renew Registration. If this issue persists, contact Cisco Technical Support.',
    alarms: ['EvtSlmCucRenewRegistrationFailure', 'SmartLicensingRenewRegistrationFailure'],
    catalogueCode: 'CAA1050',
  },
  {
    key: 'renewID.invalid-trust-chain',
    operation: 'renewID',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: TRUST_CHAIN,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1050',
  },
  {
    key: 'renewID.communication-send-error',
    operation: 'renewID',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: SEND_ERROR,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1050',
  },

  // renewAuth
  {
    key: 'renewAuth.not-allowed',
    operation: 'renewAuth',
    httpStatus: 405,
    code: 'METHOD_NOT_ALLOWED',
    message:
      'Renewal of Authorization is not allowed since product is in either unregistered state or is a Subscriber node',
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1050',
  },
  {
    // The guide puts the renewAuth group's action and alarms on this row (for renewID they sit on "unknown error").
    key: 'renewAuth.server-not-running',
    operation: 'renewAuth',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: SERVER_NOT_RUNNING,
    recommendedAction:
      'Check the network connectivity with CSSM. For further troubleshooting, check the CuSlmSvr diagnostic logs. Retry Renew Authorization. If this issue persists, contact Cisco Technical Support.',
    alarms: ['EvtSlmCucRenewAuthFailure', 'SmartLicensingRenewAuthFailure'],
    catalogueCode: 'CAA1050',
  },
  {
    key: 'renewAuth.communication-timeout',
    operation: 'renewAuth',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: TIMEOUT,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1050',
  },
  {
    key: 'renewAuth.unknown-error',
    operation: 'renewAuth',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: UNKNOWN_ERROR,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1050',
  },
  {
    key: 'renewAuth.invalid-trust-chain',
    operation: 'renewAuth',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: TRUST_CHAIN,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1050',
  },
  {
    key: 'renewAuth.communication-send-error',
    operation: 'renewAuth',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: SEND_ERROR,
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1050',
  },

  // licensedetails
  {
    key: 'licensedetails.license-count-unavailable',
    operation: 'licensedetails',
    httpStatus: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Unable to fetch license count from database',
    recommendedAction: '',
    alarms: [],
    catalogueCode: 'CAA1043',
  },

  // All APIs (last row of the guide's table)
  {
    // CAA1039 "API executed by non admin user" is the catalogue's closest match for a 401 on any operation.
    key: 'all.not-authorized',
    operation: 'all',
    httpStatus: 401,
    code: 'NOT_AUTHORIZED',
    message: 'User is not authorized to perform this operation',
    recommendedAction: 'Use correct priviledge to run commands',
    alarms: ['AuthenticationFailed'],
    catalogueCode: 'CAA1039',
  },
];

const BY_KEY: ReadonlyMap<string, SmartAgentRestError> = new Map(SMART_AGENT_REST_ERRORS.map((row) => [row.key, row]));

/** The mapping row with `key`; throws when the key is unknown. */
export const smartAgentRestError = (key: string): SmartAgentRestError => {
  const row = BY_KEY.get(key);
  if (row === undefined) throw new Error(`Unknown smart-agent REST error key: ${key}`);
  return row;
};

/** Whitespace collapsed, trimmed, trailing periods dropped. */
const tolerant = (message: string): string => message.replace(/\s+/g, ' ').trim().replace(/\.+$/, '').trimEnd();

/**
 * The mapping row of a smart-agent REST response: rows of `operation` (or of "All APIs") with `httpStatus`, matched
 * on the exact message first, then tolerantly (whitespace trimmed and collapsed, trailing period ignored).
 */
export const findSmartAgentRestError = (
  operation: SmartAgentOperation,
  httpStatus: number,
  message: string,
): SmartAgentRestError | undefined => {
  const candidates = SMART_AGENT_REST_ERRORS.filter(
    (row) => (row.operation === operation || row.operation === 'all') && row.httpStatus === httpStatus,
  );
  const exact = candidates.find((row) => row.message === message);
  if (exact !== undefined) return exact;
  const wanted = tolerant(message);
  return candidates.find((row) => tolerant(row.message) === wanted);
};
