import type { ApplicationType } from '../licensing/application-type.js';
import type { ErrorKind } from './error-kind.js';

/**
 * The HCM-F 12.5 error catalogue, transcribed verbatim from the guide's chapter "Troubleshooting Smart Licensing"
 * (`hcs-smart-licensing-operation-guide-12.5.txt`). Messages and recommendations keep the guide's own wording and
 * spelling mistakes ("Hanlder", "Cluste", "does't", ...); codes the guide skips (CAA1013, CAA1047, SLMCT1009/1010,
 * SLM1004/1006/1017/1019/1020/1022) are absent on purpose. `__tests__/catalogue.spec.ts` checks this file against
 * the guide itself.
 */

/** The five code families of the guide's troubleshooting tables. */
export type ErrorFamily = 'CSSM' | 'CAA' | 'SLMCT' | 'SLM' | 'UCAPI';

/** The error families in the order the guide lists them. */
export const ERROR_FAMILIES = ['CSSM', 'CAA', 'SLMCT', 'SLM', 'UCAPI'] as const satisfies readonly ErrorFamily[];

/** One row of the guide's troubleshooting tables, shown in the HCM-F "Job Status Info" column. */
export interface CatalogueEntry {
  /** Family prefix plus four digits, e.g. `CSSM1001`. */
  code: string;
  family: ErrorFamily;
  /** The guide's "Error Message" column, verbatim. */
  message: string;
  /** The guide's "Recommendation" column, verbatim (empty where the guide leaves it empty, e.g. CAA1049). */
  recommendedAction: string;
  /**
   * What kind of failure it is for a caller (the REST status follows from it). Most of the guide's codes are an
   * operation that ran and failed (`failed`); the exceptions: SLMCT1001 (an unknown VA) is `not_found`, SLM1014 and
   * SLMCT1007/1011 refuse the VA's or cluster's current state (`conflict`), every "JMS timeout" is `unavailable`.
   */
  kind: ErrorKind;
  /**
   * The kind when the refused value is a field of the request body rather than an id in its path: SLMCT1001 for a VA
   * named in a smart account's settings is invalid input, for the VA of `/virtual-accounts/{id}` not found.
   */
  kindForBodyField?: ErrorKind;
}

/** Every error code of the guide, keyed by code. */
export const ERROR_CATALOGUE = {
  // CSSM API Errors (Cisco Smart Software Manager REST client used by HLM).
  CSSM1001: {
    code: 'CSSM1001',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM API encountered an Unknown Error',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1002: {
    code: 'CSSM1002',
    family: 'CSSM',
    kind: 'failed',
    message: 'Unsupported HTTP Method',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1003: {
    code: 'CSSM1003',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM API encountered an Internal Error',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1004: {
    code: 'CSSM1004',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM API is unable to send request',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1005: {
    code: 'CSSM1005',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM Server refused connection',
    recommendedAction: 'If Proxy is configured, verify network connectivity between HCM-F and Proxy Server',
  },
  CSSM1006: {
    code: 'CSSM1006',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM API Unknown Host Error',
    recommendedAction: 'If Proxy is configured, verify Proxy hostname is correct and DNS resolution of CSSM/Proxy/Authentication GW(Transport Mode Setting)',
  },
  CSSM1007: {
    code: 'CSSM1007',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM API Socket Timeout Error',
    recommendedAction: 'If Proxy is configured, verify network connectivity between HCM-F and Proxy Server',
  },
  CSSM1008: {
    code: 'CSSM1008',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM API No Route To Host Error',
    recommendedAction: 'If Proxy is configured, verify network connectivity between HCM-F and Proxy Server',
  },
  CSSM1009: {
    code: 'CSSM1009',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM client creation failed due to invalid Transport Mode',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1010: {
    code: 'CSSM1010',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM client creation failed due to Unknown Error',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1011: {
    code: 'CSSM1011',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM API Authentication Failed Error',
    recommendedAction: 'Reconfigure client ID and Secret, and perform Smart Account Sync',
  },
  CSSM1012: {
    code: 'CSSM1012',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM client unable to parse the response',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1013: {
    code: 'CSSM1013',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM client unable to map JSON response',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1014: {
    code: 'CSSM1014',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM client unable to read response due to IO error',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1015: {
    code: 'CSSM1015',
    family: 'CSSM',
    kind: 'failed',
    message: 'Client credentials may not have access to Smart Account or Domain Name is incorrect',
    recommendedAction: 'Check if the Client Id and Secret have access to Smart Account and the Domain name is Correct',
  },
  CSSM1016: {
    code: 'CSSM1016',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM client unable to process response',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1017: {
    code: 'CSSM1017',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM client unable to process JSON response',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1018: {
    code: 'CSSM1018',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM client config validation failed',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1019: {
    code: 'CSSM1019',
    family: 'CSSM',
    kind: 'failed',
    message: 'Given Smart Account ID does not exist',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  CSSM1020: {
    code: 'CSSM1020',
    family: 'CSSM',
    kind: 'failed',
    message: 'CSSM server responded with errors',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },

  // Cisco Application Adaptor (CAA) Errors.
  CAA1001: {
    code: 'CAA1001',
    family: 'CAA',
    kind: 'failed',
    message: 'Service encountered an unknown error',
    recommendedAction: 'Verify App specific adapter Service is running Scan CAA logs for errors and restart service if necessary.',
  },
  CAA1002: {
    code: 'CAA1002',
    family: 'CAA',
    kind: 'failed',
    message: 'Service encountered an SDR error',
    recommendedAction: 'Verify Cisco CDM Database is running Scan App specific adapter logs for errors.',
  },
  CAA1003: {
    code: 'CAA1003',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to find application instance in SDR',
    recommendedAction: 'Verify Application is configured Scan CAA logs for errors.',
  },
  CAA1004: {
    code: 'CAA1004',
    family: 'CAA',
    kind: 'failed',
    message: 'No admin credentials configured for application',
    recommendedAction: 'Verify admin credentials are configured.',
  },
  CAA1005: {
    code: 'CAA1005',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA does not support this equipment type',
    recommendedAction: 'Scan CAA logs for errors.',
  },
  CAA1006: {
    code: 'CAA1006',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to read the application name from SDR',
    recommendedAction: 'Verify Cisco CDM Database is running Scan CAA logs for errors.',
  },
  CAA1007: {
    code: 'CAA1007',
    family: 'CAA',
    kind: 'failed',
    message: 'No service provider address configured for application',
    recommendedAction: 'Verify service provider address is configured for the application.',
  },
  CAA1008: {
    code: 'CAA1008',
    family: 'CAA',
    kind: 'failed',
    message: 'No platform credentials configured for the application',
    recommendedAction: 'Verify if platform credentials are configured.',
  },
  CAA1009: {
    code: 'CAA1009',
    family: 'CAA',
    kind: 'failed',
    message: 'No Cluster version configured for the application',
    recommendedAction: 'Verify if cluster version is configured.',
  },
  CAA1010: {
    code: 'CAA1010',
    family: 'CAA',
    kind: 'failed',
    message: 'No Request Hanlder Mapping found in json',
    recommendedAction: 'Verify if request handler exist for message type app type and cluster version.',
  },
  CAA1011: {
    code: 'CAA1011',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occurred in SSH connection',
    recommendedAction: 'Check if app details platform credentials are correct and session timeout is sufficient.',
  },
  CAA1012: {
    code: 'CAA1012',
    family: 'CAA',
    kind: 'failed',
    message: 'Invalid Response type provided',
    recommendedAction: 'Check response type.',
  },
  CAA1014: {
    code: 'CAA1014',
    family: 'CAA',
    kind: 'failed',
    message: 'Unable to generate CSR for the given certificate type Provide correct certificate type',
    recommendedAction: 'Check logs for more details.',
  },
  CAA1015: {
    code: 'CAA1015',
    family: 'CAA',
    kind: 'failed',
    message: "Certificate import failed due to CSR public key and Certificate public key doesn't match",
    recommendedAction: 'Verify whether the certificate and CSR has the same algorithm and key.',
  },
  CAA1016: {
    code: 'CAA1016',
    family: 'CAA',
    kind: 'failed',
    message: "Certificate import failed due to CSR SAN and Certificate SAN doesn't match",
    recommendedAction: 'Verify CSR SAN and Certificate SAN.',
  },
  CAA1017: {
    code: 'CAA1017',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occurred as CSR does not exist in the App',
    recommendedAction: 'Generate CSR before proceeding with this action.',
  },
  CAA1018: {
    code: 'CAA1018',
    family: 'CAA',
    kind: 'failed',
    message: 'CA certificate is not available in the trust-store',
    recommendedAction: 'Upload a CA certificate in trust store.',
  },
  CAA1019: {
    code: 'CAA1019',
    family: 'CAA',
    kind: 'failed',
    message: 'Error in CA certificate',
    recommendedAction: 'Upload a CA certificate in trust store.',
  },
  CAA1020: {
    code: 'CAA1020',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occurred while reading the certificate',
    recommendedAction: 'Provide a valid CA Certificate.',
  },
  CAA1021: {
    code: 'CAA1021',
    family: 'CAA',
    kind: 'failed',
    message: 'Certificate is not in PEM format',
    recommendedAction: 'Provide a valid Certificate.',
  },
  CAA1022: {
    code: 'CAA1022',
    family: 'CAA',
    kind: 'failed',
    message: 'Invalid certificate file provided',
    recommendedAction: 'Provide a valid Certificate.',
  },
  CAA1023: {
    code: 'CAA1023',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occurred as CSR does not exist in the App',
    recommendedAction: 'Generate CSR before proceeding with this action.',
  },
  CAA1024: {
    code: 'CAA1024',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occured as CLI Response Parser is not configured',
    recommendedAction: 'Configure Parser for CLI command.',
  },
  CAA1025: {
    code: 'CAA1025',
    family: 'CAA',
    kind: 'failed',
    message: 'Invalid certificate type found',
    recommendedAction: 'Check if the certificate type is valid.',
  },
  CAA1026: {
    code: 'CAA1026',
    family: 'CAA',
    kind: 'failed',
    message: 'Certificate Upload failed',
    recommendedAction: 'Check if the certificate is valid and UC App is provisioned with right version Refer logs for more details.',
  },
  CAA1027: {
    code: 'CAA1027',
    family: 'CAA',
    kind: 'failed',
    message: 'Certificate operation is not successful Internal error occurred',
    recommendedAction: 'Check the logs for more details.',
  },
  CAA1028: {
    code: 'CAA1028',
    family: 'CAA',
    kind: 'failed',
    message: 'Failed to get the REST API client',
    recommendedAction: 'Verify application is running the supported version.',
  },
  CAA1029: {
    code: 'CAA1029',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occurred during REST API call to Expressway',
    recommendedAction: 'Verify credentials are correct and REST service is up on Expressway.',
  },
  CAA1030: {
    code: 'CAA1030',
    family: 'CAA',
    kind: 'failed',
    message: 'Current version of Expressway is not supported',
    recommendedAction: 'Use the supported versions of Expressway.',
  },
  CAA1031: {
    code: 'CAA1031',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occurred as invalid certificate was',
    recommendedAction: 'Uploaded to Expressway. Verify the CA certificate is available in the trust and uploaded CA signed certificate is valid.',
  },
  CAA1032: {
    code: 'CAA1032',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occurred as CSR already exist in Expressway',
    recommendedAction: 'Delete the existing CSR.',
  },
  CAA1033: {
    code: 'CAA1033',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occurred in CSR generation in Expressway as invalid data was passed fo CSR',
    recommendedAction: 'Verify the data provided to generate CSR.',
  },
  CAA1034: {
    code: 'CAA1034',
    family: 'CAA',
    kind: 'failed',
    message: 'No Response Hanlder Mapping found in json',
    recommendedAction: 'Verify if response handler exist for message type app type and cluster version.',
  },
  CAA1035: {
    code: 'CAA1035',
    family: 'CAA',
    kind: 'failed',
    message: 'Invalid admin credentials',
    recommendedAction: 'Verify the user name and password.',
  },
  CAA1036: {
    code: 'CAA1036',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA encountered an unknown error from the application',
    recommendedAction: 'Verify the following entities - Cisco AXL Web Service (Cisco Unified CM) is active Publisher Admin/Platform credentials and Network address HCMF) are correct.',
  },
  CAA1037: {
    code: 'CAA1037',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA encountered error while parsing xml',
    recommendedAction: 'Make sure the UCApps are returning proper responses.',
  },
  CAA1038: {
    code: 'CAA1038',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to determine the application Version',
    recommendedAction: 'Verify Cisco AXL Web Service Cisco Unified CM) is running on application. Verify application admin credentials and network address.',
  },
  CAA1039: {
    code: 'CAA1039',
    family: 'CAA',
    kind: 'failed',
    message: 'API executed by non admin user',
    recommendedAction: 'Verify the user name and password for admin credentials.',
  },
  CAA1040: {
    code: 'CAA1040',
    family: 'CAA',
    kind: 'failed',
    message: 'Invalid Proxy details',
    recommendedAction: 'Verify the Proxy Hostname and Proxy port configured in Transport Mode Setting.',
  },
  CAA1041: {
    code: 'CAA1041',
    family: 'CAA',
    kind: 'failed',
    message: 'Edit Transport Settings operation is not allowed since product is in Registered state',
    recommendedAction: 'Sync Smart Account with CSSM and assign cluster to Virtual Account.',
  },
  CAA1042: {
    code: 'CAA1042',
    family: 'CAA',
    kind: 'failed',
    message: 'Product may already deregistered',
    recommendedAction: 'Sync Smart Account with with CSSM.',
  },
  CAA1043: {
    code: 'CAA1043',
    family: 'CAA',
    kind: 'failed',
    message: 'Internal Error occurred while communicating with Unity Connection',
    recommendedAction: 'Verify the Cisco Smart License Manager and Tomcat service is running in Unity Connection.',
  },
  CAA1044: {
    code: 'CAA1044',
    family: 'CAA',
    kind: 'failed',
    message: 'Unsupported message received by CAA service',
    recommendedAction: 'Scan CAA logs for errors.',
  },
  CAA1045: {
    code: 'CAA1045',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA does not support the application version',
    recommendedAction: 'Verify if correct cluster version is configured in HCMF.',
  },
  CAA1046: {
    code: 'CAA1046',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA cannot connect to application',
    recommendedAction: "Verify Cisco AXL Web Service is running on Cisco Unified CM application Publisher's admin/platform credentials and network address are correct and network connectivity from HCM-F is established.",
  },
  CAA1048: {
    code: 'CAA1048',
    family: 'CAA',
    kind: 'failed',
    message: 'Product Registration Token is either invalid or has been expired',
    recommendedAction: 'Perform Smart Account Sync with CSSM.',
  },
  CAA1049: {
    code: 'CAA1049',
    family: 'CAA',
    kind: 'failed',
    message: 'Product is in subscriber Node',
    recommendedAction: '',
  },
  CAA1050: {
    code: 'CAA1050',
    family: 'CAA',
    kind: 'failed',
    message: 'Exception occurred while performing product operation',
    recommendedAction: 'Scan CAA logs for errors.',
  },
  CAA1051: {
    code: 'CAA1051',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to add community string on application',
    recommendedAction: 'Verify application admin credentials and network address are correct. Verify community string does not already exist.',
  },
  CAA1052: {
    code: 'CAA1052',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to update community string on application',
    recommendedAction: 'Verify application admin credentials and network address. Verify community string is present.',
  },
  CAA1053: {
    code: 'CAA1053',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to delete community string on application',
    recommendedAction: 'Verify application admin credentials and network address. Verify community string exists.',
  },
  CAA1054: {
    code: 'CAA1054',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to add SNMP V3 user on application',
    recommendedAction: 'Verify application admin credentials and network address. Verify SNMP V3 user does not already exist.',
  },
  CAA1055: {
    code: 'CAA1055',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to update SNMP V3 user on application',
    recommendedAction: 'Verify application admin credentials and network address. Verify SNMP V3 user exists.',
  },
  CAA1056: {
    code: 'CAA1056',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to delete SNMP V3 user on application',
    recommendedAction: 'Verify application admin credentials and network address. Verify SNMP V3 user is present.',
  },
  CAA1057: {
    code: 'CAA1057',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to restart application SNMP Master Agent',
    recommendedAction: 'Verify network connection between HCM-F and application. Verify application platform credentials and network address.',
  },
  CAA1058: {
    code: 'CAA1058',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to add Remote Syslog configuration on application',
    recommendedAction: 'Verify application admin credentials and network address.',
  },
  CAA1059: {
    code: 'CAA1059',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to update Remote Syslog configuration on application',
    recommendedAction: 'Verify application admin credentials and network address.',
  },
  CAA1060: {
    code: 'CAA1060',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to add Billing Application Server configuration on application',
    recommendedAction: 'Verify SFTP Credentials and the directory /home/smuser/ exists on billing server. Verify network connection between application and billing server.',
  },
  CAA1061: {
    code: 'CAA1061',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to update Billing Application Server configuration on application',
    recommendedAction: 'Verify SFTP Credentials and the directory /home/smuser/ exists on billing server. Verify network connection between application and billing server.',
  },
  CAA1062: {
    code: 'CAA1062',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to remove Billing Application Server configuration on application',
    recommendedAction: 'Verify application ADMIN credentials and network address. Verify BAS config exists on application.',
  },
  CAA1063: {
    code: 'CAA1063',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA cannot connect to application platform CLI',
    recommendedAction: 'Verify platform credentials are configured and network connectivity between HCM-F and application.',
  },
  CAA1064: {
    code: 'CAA1064',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to restart application Host Resources Agent',
    recommendedAction: 'Verify network connection between HCM-F and application. Verify application platform credentials and network address.',
  },
  CAA1065: {
    code: 'CAA1065',
    family: 'CAA',
    kind: 'failed',
    message: 'Unsupported message received from CAA',
    recommendedAction: 'Scan CAA logs for errors.',
  },
  CAA1066: {
    code: 'CAA1066',
    family: 'CAA',
    kind: 'failed',
    message: 'No CUOM is configured for application',
    recommendedAction: 'Verify CUOM is configured for the application.',
  },
  CAA1067: {
    code: 'CAA1067',
    family: 'CAA',
    kind: 'failed',
    message: 'No service provider address is configured for CUOM',
    recommendedAction: 'Verify service provider address is configured for CUOM.',
  },
  CAA1068: {
    code: 'CAA1068',
    family: 'CAA',
    kind: 'failed',
    message: 'Unable to get process node list from Cisco Unified CM',
    recommendedAction: 'Verify name in Cisco Unified CM System > Server) matches the hostname or IP configured in HCM-F for Service Provider or Application Space Address.',
  },
  CAA1069: {
    code: 'CAA1069',
    family: 'CAA',
    kind: 'failed',
    message: 'No HTTP credentials configured for application',
    recommendedAction: 'Verify if HTTP credentials are configured.',
  },
  CAA1070: {
    code: 'CAA1070',
    family: 'CAA',
    kind: 'failed',
    message: 'No SFTP credentials configured',
    recommendedAction: 'Verify if SFTP credentials are configured for billing application server.',
  },
  CAA1071: {
    code: 'CAA1071',
    family: 'CAA',
    kind: 'failed',
    message: 'No SFTP network address configured',
    recommendedAction: 'Verify if SFTP network address is configured for billing application server.',
  },
  CAA1072: {
    code: 'CAA1072',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to find the specified phone device on the application',
    recommendedAction: 'Verify phone device exists on application.',
  },
  CAA1073: {
    code: 'CAA1073',
    family: 'CAA',
    kind: 'failed',
    message: 'CAA is unable to find the specified user on the application',
    recommendedAction: 'Verify end user exists in the application.',
  },
  CAA1074: {
    code: 'CAA1074',
    family: 'CAA',
    kind: 'failed',
    message: 'Failed to get the web-security details from the UC App',
    recommendedAction: 'Verify if the web-security data is available on the UC App.',
  },
  CAA1075: {
    code: 'CAA1075',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occured during RIS call',
    recommendedAction: 'Check if RIS service is up.',
  },
  CAA1076: {
    code: 'CAA1076',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occured during CCS call',
    recommendedAction: 'Check if CC service is up.',
  },
  CAA1077: {
    code: 'CAA1077',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occurred during PAWS call',
    recommendedAction: 'Check if PAWS service is up.',
  },
  CAA1078: {
    code: 'CAA1078',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occurred during command execution on CLI',
    recommendedAction: 'Verify if the command syntax is correct.',
  },
  CAA1079: {
    code: 'CAA1079',
    family: 'CAA',
    kind: 'failed',
    message: 'Set Transport Mode failed due Invalid format of on-prem Registration url',
    recommendedAction: 'Please provide the valid on-prem url.',
  },
  CAA1080: {
    code: 'CAA1080',
    family: 'CAA',
    kind: 'failed',
    message: 'No Clustering Configuration Found in Expressway',
    recommendedAction: 'Configure proper clustering Expressway.',
  },
  CAA1081: {
    code: 'CAA1081',
    family: 'CAA',
    kind: 'failed',
    message: 'Registration with Smart Agent failed',
    recommendedAction: 'Verify the Proxy connection and the Cisco Unified CM connectivity with CSSM. Check CAA/HLM Logs for more details.',
  },
  CAA1082: {
    code: 'CAA1082',
    family: 'CAA',
    kind: 'failed',
    message: 'DeRegistration with Smart Agent failed',
    recommendedAction: 'Verify the Proxy connection and the Cisco Unified CM connectivity with CSSM or the product is already unregistered with CSSM. Check CAA/HLM Logs for more details.',
  },
  CAA1083: {
    code: 'CAA1083',
    family: 'CAA',
    kind: 'failed',
    message: 'Update transport settings failed',
    recommendedAction: 'Verify the Proxy connection and the Cisco Unified CM connectivity with CSSM or the product is already registered with CSSM. Check CAA/HLM Logs for more details.',
  },
  CAA1084: {
    code: 'CAA1084',
    family: 'CAA',
    kind: 'failed',
    message: 'Error occurred in SSH connection',
    recommendedAction: 'Check if platform credentials are correct and session timeout is sufficient.',
  },

  // Smart Licensing Cluster Operation Errors.
  SLMCT1001: {
    code: 'SLMCT1001',
    family: 'SLMCT',
    kind: 'not_found',
    kindForBodyField: 'invalid',
    message: 'Virtual Account is not valid',
    recommendedAction: 'Check if the given Virtual Account is correct',
  },
  SLMCT1002: {
    code: 'SLMCT1002',
    family: 'SLMCT',
    kind: 'failed',
    message: 'Exception occurred while License Mode change',
    recommendedAction: 'Check if UC application is up and its platform service is running. Check HLM Logs for more details',
  },
  SLMCT1003: {
    code: 'SLMCT1003',
    family: 'SLMCT',
    kind: 'failed',
    message: 'Cluster License Mode did not change successfully',
    recommendedAction: 'Check HLM Logs for more details',
  },
  SLMCT1004: {
    code: 'SLMCT1004',
    family: 'SLMCT',
    kind: 'unavailable',
    message: 'Cluster License Mode Change - JMS timeout occurred',
    recommendedAction: 'Check if Provisioning Adapter Service is up. Check Logs for more details',
  },
  SLMCT1005: {
    code: 'SLMCT1005',
    family: 'SLMCT',
    kind: 'unavailable',
    message: 'Cluster License Mode Change - JMS timeout occurred',
    recommendedAction: 'Check if CAA Service is up. Check Logs for more details',
  },
  SLMCT1006: {
    code: 'SLMCT1006',
    family: 'SLMCT',
    kind: 'failed',
    message: 'Cluster is of unsupported Version',
    recommendedAction: 'Provide a valid cluster',
  },
  SLMCT1007: {
    code: 'SLMCT1007',
    family: 'SLMCT',
    kind: 'conflict',
    message: 'Cluster is already assigned',
    recommendedAction: 'Perform Smart Account sync with CSSM',
  },
  SLMCT1008: {
    code: 'SLMCT1008',
    family: 'SLMCT',
    kind: 'failed',
    message: "Cluster doesn't have an application",
    recommendedAction: 'Assign an application to the Cluster',
  },
  SLMCT1011: {
    code: 'SLMCT1011',
    family: 'SLMCT',
    kind: 'conflict',
    message: 'Cluster is already unassigned',
    recommendedAction: 'Perform Smart Account Sync with CSSM',
  },
  SLMCT1012: {
    code: 'SLMCT1012',
    family: 'SLMCT',
    kind: 'failed',
    message: "Cluster doesn't have publisher node",
    recommendedAction: 'Assign a publisher node to cluster',
  },
  SLMCT1013: {
    code: 'SLMCT1013',
    family: 'SLMCT',
    kind: 'failed',
    message: "Cluster application doesn't have platform credentials",
    recommendedAction: 'Configure platform credentials for cluster application',
  },
  SLMCT1014: {
    code: 'SLMCT1014',
    family: 'SLMCT',
    kind: 'failed',
    message: "Cluster application doesn't have admin credentials",
    recommendedAction: 'Configure admin credentials for cluster application',
  },
  SLMCT1015: {
    code: 'SLMCT1015',
    family: 'SLMCT',
    kind: 'failed',
    message: 'Cluste is of unsupported Type',
    recommendedAction: 'Supported cluster type are Cisco Unified CM, Cisco Unity Connection and Cisco Emergency Responder',
  },
  SLMCT1016: {
    code: 'SLMCT1016',
    family: 'SLMCT',
    kind: 'failed',
    message: 'Reset Cluster License Mode - did not change successfully',
    recommendedAction: 'Check HLM Logs for more details',
  },
  SLMCT1017: {
    code: 'SLMCT1017',
    family: 'SLMCT',
    kind: 'failed',
    message: 'Exception occurred while Reset Cluster License Mode',
    recommendedAction: 'Check if UC Application is up and its platform service is running. Check HLM Logs for more details',
  },
  SLMCT1018: {
    code: 'SLMCT1018',
    family: 'SLMCT',
    kind: 'unavailable',
    message: 'Cluster License Mode Change - JMS timeout occurred',
    recommendedAction: 'Check if Provisioning Adapter Service is up. Check Logs for more details',
  },
  SLMCT1019: {
    code: 'SLMCT1019',
    family: 'SLMCT',
    kind: 'unavailable',
    message: 'Cluster License Mode Change - JMS timeout occurred',
    recommendedAction: 'Check if CAA Service is Up. Check Logs for more details',
  },

  // Smart Licensing General Errors.
  SLM1001: {
    code: 'SLM1001',
    family: 'SLM',
    kind: 'failed',
    message: 'Smart Licensing Product Registration request failed due to exception',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  SLM1002: {
    code: 'SLM1002',
    family: 'SLM',
    kind: 'unavailable',
    message: 'Smart Licensing Product Registration failed due to JMS timeout',
    recommendedAction: 'Check if the CAA CUCM Service is started',
  },
  SLM1003: {
    code: 'SLM1003',
    family: 'SLM',
    kind: 'failed',
    message: 'Smart Licensing Get Transport Mode request failed due to exception',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  SLM1005: {
    code: 'SLM1005',
    family: 'SLM',
    kind: 'failed',
    message: 'Smart Licensing Update Transport Mode request failed due to exception',
    recommendedAction: 'Check if the UCapp and its services are up. Check logs for exception details',
  },
  SLM1007: {
    code: 'SLM1007',
    family: 'SLM',
    kind: 'failed',
    message: "Smart Licensing Cluster Operation - Cluster does't have admin credentials",
    recommendedAction: 'Check if admin credentials are configured for cluster application',
  },
  SLM1008: {
    code: 'SLM1008',
    family: 'SLM',
    kind: 'failed',
    message: "Smart Licensing Cluster Operation - Cluster does't have platform credentials",
    recommendedAction: 'Check if platform credentials are configured for cluster application',
  },
  SLM1009: {
    code: 'SLM1009',
    family: 'SLM',
    kind: 'failed',
    message: "Smart Licensing Cluster Operation - Cluster don't have a publisher node",
    recommendedAction: 'Check if cluster has publisher node',
  },
  SLM1010: {
    code: 'SLM1010',
    family: 'SLM',
    kind: 'failed',
    message: 'Smart Licensing Get Product Token - Unable to generate or retrieve product token for the Virtual Account',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  SLM1011: {
    code: 'SLM1011',
    family: 'SLM',
    kind: 'unavailable',
    message: 'Smart Licensing Product DeRegistration failed due to JMS timeout',
    recommendedAction: 'Check if the CAA CUCM Service is started',
  },
  SLM1012: {
    code: 'SLM1012',
    family: 'SLM',
    kind: 'failed',
    message: 'Smart Licensing Change License Mode - Cluster HostName/IP is not configured',
    recommendedAction: 'Check if publisher network address is configured',
  },
  SLM1013: {
    code: 'SLM1013',
    family: 'SLM',
    kind: 'failed',
    message: 'Smart Licensing Change License Mode request failed while get/update transport mode due to exception',
    recommendedAction: 'Check UCapps platform service is up or Publishers IP/Hostname and platform credentials are valid',
  },
  SLM1014: {
    code: 'SLM1014',
    family: 'SLM',
    kind: 'conflict',
    message: 'Smart Licensing Change License Mode - Virtual Account is not associated with any License Mode',
    recommendedAction: 'Check if Virtual Account is associated with License Mode',
  },
  SLM1015: {
    code: 'SLM1015',
    family: 'SLM',
    kind: 'failed',
    message: 'Smart Licensing Sync - an unknown error occured',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },
  SLM1016: {
    code: 'SLM1016',
    family: 'SLM',
    kind: 'failed',
    message: 'Smart Licensing Sync - unable to fetch Smart Account details from SDR',
    recommendedAction: 'Verify Cisco CDM Database is running. Check HLM Logs (Detailed) for more details',
  },
  SLM1018: {
    code: 'SLM1018',
    family: 'SLM',
    kind: 'unavailable',
    message: 'Smart Licensing Change Transport Mode failed due to JMS timeout',
    recommendedAction: 'Check if the CAA CUCM Adapter is started.',
  },
  SLM1021: {
    code: 'SLM1021',
    family: 'SLM',
    kind: 'unavailable',
    message: 'Smart Licensing Product DeRegistration failed due to JMS timeout',
    recommendedAction: 'Check if the CAA CER Service is started',
  },
  SLM1023: {
    code: 'SLM1023',
    family: 'SLM',
    kind: 'unavailable',
    message: 'Smart Licensing Change Transport Mode failed due to JMS timeout',
    recommendedAction: 'Check if the CAA CER Adapter is started',
  },
  SLM1024: {
    code: 'SLM1024',
    family: 'SLM',
    kind: 'unavailable',
    message: 'Smart Licensing Change Transport Mode failed due to JMS timeout',
    recommendedAction: 'Check if the CAA CUCXN Adapter is started',
  },
  SLM1025: {
    code: 'SLM1025',
    family: 'SLM',
    kind: 'failed',
    message: 'Smart Licensing Request Failed due to Invalid Cluster Exception',
    recommendedAction: 'Check HLM Logs (Detailed) for more details',
  },

  // UC Applications API Errors.
  UCAPI1001: {
    code: 'UCAPI1001',
    family: 'UCAPI',
    kind: 'failed',
    message: 'Updating Cisco Unified CM Billing Server info failed',
    recommendedAction: 'N/A',
  },
  UCAPI1002: {
    code: 'UCAPI1002',
    family: 'UCAPI',
    kind: 'failed',
    message: 'Updating Cisco Unified CM Remote Syslog info failed',
    recommendedAction: 'N/A',
  },
  UCAPI1003: {
    code: 'UCAPI1003',
    family: 'UCAPI',
    kind: 'failed',
    message: 'Updating Cisco Unified CM SNMP info failed',
    recommendedAction: 'N/A',
  },
  UCAPI1004: {
    code: 'UCAPI1004',
    family: 'UCAPI',
    kind: 'failed',
    message: 'Validation of Cisco Unified CM AXL Connection failed',
    recommendedAction: 'Check AXL services and Platform services are up in Cisco Unified CM',
  },
  UCAPI1005: {
    code: 'UCAPI1005',
    family: 'UCAPI',
    kind: 'failed',
    message: 'Accessing Cisco Unified CM AXL SOAP Port failed',
    recommendedAction: 'Check AXL services and Platform services are up in Cisco Unified CM',
  },
  UCAPI1006: {
    code: 'UCAPI1006',
    family: 'UCAPI',
    kind: 'failed',
    message: 'Initialization failed',
    recommendedAction: 'N/A',
  },
  UCAPI1007: {
    code: 'UCAPI1007',
    family: 'UCAPI',
    kind: 'failed',
    message: 'Software Error',
    recommendedAction: 'N/A',
  },
  UCAPI1008: {
    code: 'UCAPI1008',
    family: 'UCAPI',
    kind: 'failed',
    message: 'Unknown Failure',
    recommendedAction: 'N/A',
  },
  UCAPI1009: {
    code: 'UCAPI1009',
    family: 'UCAPI',
    kind: 'failed',
    message: 'Connection Timeout',
    recommendedAction: 'N/A',
  },
  UCAPI1010: {
    code: 'UCAPI1010',
    family: 'UCAPI',
    kind: 'failed',
    message: 'Registration with Smart Agent failed',
    recommendedAction: 'Verify the Proxy connection and the Cisco Unified CM connectivity with CSSM. Check CAA/HLM Logs for more details.',
  },
  UCAPI1011: {
    code: 'UCAPI1011',
    family: 'UCAPI',
    kind: 'failed',
    message: 'DeRegistration with Smart Agent failed',
    recommendedAction: 'Verify the Proxy connection and the Cisco Unified CM connectivity with CSSM or the product is already unregistered with CSSM. Check CAA/HLM Logs for more details.',
  },
  UCAPI1012: {
    code: 'UCAPI1012',
    family: 'UCAPI',
    kind: 'failed',
    message: 'Update transport settings failed',
    recommendedAction: 'Verify the Proxy connection and the Cisco Unified CM connectivity with CSSM or the product is already unregistered with CSSM. Check CAA/HLM Logs for more details.',
  },
} as const satisfies Record<string, CatalogueEntry>;

/** A code listed in the guide's troubleshooting chapter. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** True when `code` is a catalogue code (exact, case-sensitive match). */
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CATALOGUE, code);

/** The catalogue row of `code`. */
export const catalogueEntry = (code: ErrorCode): CatalogueEntry => ERROR_CATALOGUE[code];

/** All catalogue rows of one family, in code order. */
export const catalogueEntries = (family?: ErrorFamily): CatalogueEntry[] =>
  Object.values(ERROR_CATALOGUE).filter((entry: CatalogueEntry) => family === undefined || entry.family === family);

/** Operations that HCM-F runs over JMS and that have a dedicated "JMS timeout" code in the guide. */
export type JmsTimeoutOperation = 'register' | 'deregister' | 'transport' | 'license-mode' | 'license-mode-reset';

/**
 * Who the request waited for: the CAA adapter of an application type, or `'license-mode'` for the Provisioning
 * Adapter service that drives cluster license mode changes.
 */
export type JmsTimeoutTarget = ApplicationType | 'license-mode';

/**
 * The JMS-timeout codes exactly as the guide gives them. Types the guide has no code for are absent here;
 * {@link jmsTimeoutCode} falls back to the Cisco Unified CM code for them.
 *
 * - register: SLM1002 (CAA CUCM Service) only.
 * - deregister: SLM1011 (CAA CUCM Service), SLM1021 (CAA CER Service).
 * - transport: SLM1018 (CAA CUCM Adapter), SLM1023 (CAA CER Adapter), SLM1024 (CAA CUCXN Adapter).
 * - license-mode: SLMCT1004 (Provisioning Adapter Service), SLMCT1005 (CAA Service).
 * - license-mode-reset: SLMCT1018 (Provisioning Adapter Service), SLMCT1019 (CAA Service); the guide lists them after
 *   the "Reset Cluster License Mode" codes SLMCT1016/1017 although their message says "Cluster License Mode Change".
 */
export const JMS_TIMEOUT_CODES = {
  register: { cucm: 'SLM1002' },
  deregister: { cucm: 'SLM1011', cer: 'SLM1021' },
  transport: { cucm: 'SLM1018', cer: 'SLM1023', cuc: 'SLM1024' },
  'license-mode': { 'provisioning-adapter': 'SLMCT1004', caa: 'SLMCT1005' },
  'license-mode-reset': { 'provisioning-adapter': 'SLMCT1018', caa: 'SLMCT1019' },
} as const satisfies {
  register: { cucm: ErrorCode };
  deregister: Partial<Record<ApplicationType, ErrorCode>> & { cucm: ErrorCode };
  transport: Partial<Record<ApplicationType, ErrorCode>> & { cucm: ErrorCode };
  'license-mode': { 'provisioning-adapter': ErrorCode; caa: ErrorCode };
  'license-mode-reset': { 'provisioning-adapter': ErrorCode; caa: ErrorCode };
};

/**
 * The catalogue code to report when a JMS request of `operation` towards `target` timed out.
 *
 * - register / deregister / transport: the code of the application type's CAA adapter. Where the guide has no
 *   specific code for a type (register for cuc/cer/expressway, deregister for cuc/expressway, transport for
 *   expressway, and the `'license-mode'` target) this falls back to the Cisco Unified CM code (SLM1002 / SLM1011 /
 *   SLM1018), whose message is type-neutral but whose recommendation names the CAA CUCM service.
 * - license-mode / license-mode-reset: target `'license-mode'` means the Provisioning Adapter service timed out
 *   (SLMCT1004 / SLMCT1018); any application type means its CAA service timed out (SLMCT1005 / SLMCT1019).
 */
export const jmsTimeoutCode = (operation: JmsTimeoutOperation, target: JmsTimeoutTarget): ErrorCode => {
  switch (operation) {
    case 'license-mode':
    case 'license-mode-reset': {
      const codes = JMS_TIMEOUT_CODES[operation];
      return target === 'license-mode' ? codes['provisioning-adapter'] : codes.caa;
    }
    case 'register':
    case 'deregister':
    case 'transport': {
      const codes: Partial<Record<JmsTimeoutTarget, ErrorCode>> & { cucm: ErrorCode } = JMS_TIMEOUT_CODES[operation];
      // No type-specific code in the guide: fall back to the Cisco Unified CM code.
      return codes[target] ?? codes.cucm;
    }
  }
};
