/**
 * WIRE FORMAT — Unity Connection: the smart-agent REST contract (../smart-agent-rest/smart-agent-rest.wire-format.ts)
 * under `/vmrest/smartlicense`. `licensedetails` (GET) and `register` (PUT {"token","force"}) are Cisco's [C]; the
 * other operations under the same prefix are our assumption [NF]. License mode: ../license-mode/license-mode.wire-format.ts.
 */
export const CUC_SMART_LICENSE_PREFIX = '/vmrest/smartlicense';
