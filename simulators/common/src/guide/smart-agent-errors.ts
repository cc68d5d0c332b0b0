/**
 * The simulators' own transcription of the guide's table "Smart Licensing Error Code and Message Mapping": what a UC
 * application's smart agent answers when an operation fails. Written from the guide, not imported from smartlic,
 * so that a test passing against the simulators is evidence (simulators/common/src/__tests__/guide-tables.spec.ts
 * checks every message against the guide's text). Messages are verbatim, the guide's trailing periods included.
 */

export type AgentOperation = 'transportsettings' | 'deregister' | 'register' | 'renewID' | 'renewAuth' | 'licensedetails';

export interface AgentErrorRow {
  /** `<operation>.<reason>`, or `all.not-authorized` for the table's "All APIs" row. */
  key: string;
  operation: AgentOperation | 'all';
  httpStatus: 400 | 401 | 405 | 500;
  code: 'INVALID_PARAMETER' | 'METHOD_NOT_ALLOWED' | 'INTERNAL_SERVER_ERROR' | 'NOT_AUTHORIZED';
  message: string;
}

const UNKNOWN = 'The requested operation was not successful due to an unknown error';
const TRUST_CHAIN = 'The requested operation was not successful due to invalid trust chain pool';
const SEND_ERROR = 'The requested operation was not successful due to communication send error';
const TIMEOUT = 'The requested operation was not successful due to a communication timeout';
const SERVER_STOPPED = 'Smart License Server is not running. Start Smart License Manager Server from CUCA Serviceability Page';

const row = (key: string, httpStatus: AgentErrorRow['httpStatus'], message: string): AgentErrorRow => ({
  key,
  operation: key.split('.')[0] as AgentOperation | 'all',
  httpStatus,
  code: httpStatus === 400 ? 'INVALID_PARAMETER' : httpStatus === 401 ? 'NOT_AUTHORIZED' : httpStatus === 405 ? 'METHOD_NOT_ALLOWED' : 'INTERNAL_SERVER_ERROR',
  message,
});

/** Every row, in the guide's order. */
export const AGENT_ERROR_ROWS: readonly AgentErrorRow[] = [
  row('transportsettings.not-allowed', 405, 'Edit Transport Settings operation is not allowed since product is in either Registered state or is a Subscriber node'),
  row('transportsettings.apply-failed', 500, 'Failed to apply the Transport Settings'),
  row('transportsettings.invalid-transport-mode', 400, 'Please enter a valid Transport Mode within the range (0 - 2)'),
  row('transportsettings.invalid-gateway-url', 400, 'Please enter a valid Transport Gateway URL'),
  row('transportsettings.invalid-proxy', 400, 'Please provide valid HTTP/HTTPS Proxy IP Address and/or HTTP/HTTPS Proxy Port'),
  row('transportsettings.invalid-proxy-address', 400, 'Please enter a valid HTTP/HTTPS Proxy IP Address'),
  row('transportsettings.invalid-proxy-port', 400, 'Please enter a valid HTTP/HTTPS Proxy Port within the range (1 - 65535)'),
  row('deregister.not-allowed', 405, 'Deregistration is not allowed since product is in either unregistered state or is a Subscriber node'),
  row('deregister.unknown-error', 500, UNKNOWN),
  row('deregister.invalid-trust-chain', 500, TRUST_CHAIN),
  row('deregister.communication-timeout', 500, `${TIMEOUT}.`),
  row('deregister.communication-send-error', 500, SEND_ERROR),
  row('register.invalid-token', 400, 'The Product Instance Registration Token you have entered is either invalid or has been expired. Ensure that you have pasted the entire token and that the token has not expired'),
  row('register.subscriber-node', 405, 'Smart Software Licensing operations are not allowed from Subscriber, licenses for this system are managed by Publisher'),
  row('register.already-registered', 405, "Product is already registered on CSSM. To Re-register it use 'force' flag"),
  row('register.unknown-error', 500, UNKNOWN),
  row('register.unable-to-register', 500, 'The Product Instance was unable to register with Smart Software Licensing'),
  row('register.invalid-trust-chain', 500, TRUST_CHAIN),
  row('register.communication-timeout', 500, `${TIMEOUT}.`),
  row('register.communication-send-error', 500, SEND_ERROR),
  row('register.server-not-running', 500, SERVER_STOPPED),
  row('renewID.not-allowed', 405, 'Renewal of ID is not allowed since product is in either unregistered state or is a Subscriber node'),
  row('renewID.server-not-running', 500, SERVER_STOPPED),
  row('renewID.communication-timeout', 500, TIMEOUT),
  row('renewID.unknown-error', 500, UNKNOWN),
  row('renewID.invalid-trust-chain', 500, TRUST_CHAIN),
  row('renewID.communication-send-error', 500, SEND_ERROR),
  row('renewAuth.not-allowed', 405, 'Renewal of Authorization is not allowed since product is in either unregistered state or is a Subscriber node'),
  row('renewAuth.server-not-running', 500, SERVER_STOPPED),
  row('renewAuth.communication-timeout', 500, TIMEOUT),
  row('renewAuth.unknown-error', 500, UNKNOWN),
  row('renewAuth.invalid-trust-chain', 500, TRUST_CHAIN),
  row('renewAuth.communication-send-error', 500, SEND_ERROR),
  row('licensedetails.license-count-unavailable', 500, 'Unable to fetch license count from database'),
  row('all.not-authorized', 401, 'User is not authorized to perform this operation'),
];

const BY_KEY = new Map(AGENT_ERROR_ROWS.map((r) => [r.key, r]));

/** The row `<operation>.<reason>`; an operation without that reason answers its "unknown error" row. */
export const agentErrorRow = (key: string): AgentErrorRow => {
  const found = BY_KEY.get(key) ?? BY_KEY.get(`${key.split('.')[0]}.unknown-error`);
  if (!found) throw new Error(`no row ${key} in the guide's error mapping table`);
  return found;
};

export const hasAgentErrorRow = (key: string): boolean => BY_KEY.has(key);
