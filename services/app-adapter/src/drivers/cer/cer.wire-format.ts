/**
 * WIRE FORMAT (assumption) — Emergency Responder: the smart-agent REST contract
 * (../smart-agent-rest/smart-agent-rest.wire-format.ts) under `/cerappservices/smartlicense` [NF: no public source
 * documents CER's smart-licensing API]. License mode: ../license-mode/license-mode.wire-format.ts.
 */
export const CER_SMART_LICENSE_PREFIX = '/cerappservices/smartlicense';
