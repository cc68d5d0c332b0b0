import {
  cupiClusterSchema,
  cupiErrorText,
  cupiLicenseDetailsSchema,
  cupiRegisterBody,
  cupiTransportBody,
  cupiTransportSchema,
  entitlementTagName,
  fromCupiTransport,
  isSameServer,
  licenseModeOfTags,
  licenseNameOfTag,
  nodeStateFromLicenseDetails,
  publisherOfCluster,
  usageFromLicenseDetails,
} from '../cuc.wire-format.js';

const NODE = { hostname: 'cuc-pub', address: '10.0.0.1' };

/** Cisco's JSON example of `GET /vmrest/smartlicense/licensedetails` (CUPI System Settings), values verbatim. */
const CUPI_JSON_EXAMPLE = {
  SmartLicensing: 'Enabled',
  Register: {
    Status: 'Reservation In Progress',
    SmartAccount: 'BU Production Test',
    VirtualAccount: 'Cisco_VA',
    LastRenewalAttempt: 'SUCCEEDED 2017-11-22 13:17:19.0',
    NextRenewalAttempt: ' 2018-05-23 13:17:19.0',
    LastRegistrationSuccessTime: '2017-11-24 13:17:19.0',
    ProductUDI: 'pid=Cisco Unity Connection sn=cbd7561030494c60af97aabbcba',
    ExportControlFunctionality: 'Allowed',
  },
  Authorization: { Status: 'Evaluation', LastCommunicationAttempt: 'SUCCEEDED 2017-11-27 13:17:19.0', NextCommunicationAttempt: ' 2017-12-27 13:17:19.0', EvaluationPeriodRemaining: '87:0:36' },
  LicenseUsage: {
    EntitlementTag: [
      { Id: 'regid.2020-06.com.cisco.CUC_BasicMessaging,14_74b6bdc1-b3e1-45dc-9468-6412b12fdef2', Count: '1', Status: 'Eval' },
      { Id: 'regid.2020-06.com.cisco.CUC_EnhancedMessaging,14_5e05b515-5be5-429e-b301-5de5de8d2c09', Count: '0', Status: 'Init' },
      { Id: 'regid.2020-11.com.cisco.CUC_SpeechViewPro,14_9de30ccc-1671-4c32-9f57-f63c3f66af840Init', Count: '0', Status: 'Init' },
      { Id: 'regid.2020-11.com.cisco.CUC_SpeechView,14_5a0e3202-2743-4401-a117-1e9c239acbbf', Count: '0', Status: 'Init' },
      { Id: 'regid.2020-06.com.cisco.CUC_SpeechConnectPort,14_d0201ba3-0b71-403d-9b74-5cd643dd662b', Count: '0', Status: 'Init' },
      { Id: 'regid.2020-06.com.cisco.CUC_SpeechConnectGuestUser,14_d49c924c-e587-4a02-8376-7c48bc7ac3ba', Count: '0', Status: 'Init' },
    ],
  },
};

describe('Unity Connection CUPI wire format', () => {
  it("reads Cisco's licensedetails example: not registered (reservation in progress), Enterprise, one BasicMessaging in use", () => {
    const details = cupiLicenseDetailsSchema.parse(CUPI_JSON_EXAMPLE);
    expect(nodeStateFromLicenseDetails(details, NODE)).toEqual({
      ...NODE,
      registrationStatus: 'evaluation',
      authorizationStatus: 'Evaluation',
      smartAccount: null,
      virtualAccount: null,
      registrationExpires: null,
      authorizationExpires: null,
    });
    expect(usageFromLicenseDetails(details)).toEqual({ licenseMode: 'Enterprise', usage: [{ license: 'CUC_BasicMessaging', count: 1, status: 'Eval' }] });
  });

  it('reads a registered answer with one tag as an object, numbers as numbers, and a LicenseDetails root', () => {
    const details = cupiLicenseDetailsSchema.parse({
      LicenseDetails: {
        Register: { Status: 'Registered', SmartAccount: 'BU Production Test', VirtualAccount: 'Cisco_VA' },
        Authorization: { Status: 'Authorized' },
        LicenseUsage: { EntitlementTag: { Id: 'regid.2016-07.com.cisco.HCUC_BasicMessaging,12.5_x', Count: 12, Status: 'InCompliance' } },
      },
    });
    expect(nodeStateFromLicenseDetails(details, NODE)).toMatchObject({ registrationStatus: 'registered', smartAccount: 'BU Production Test', virtualAccount: 'Cisco_VA', authorizationStatus: 'Authorized' });
    expect(usageFromLicenseDetails(details)).toEqual({ licenseMode: 'HCS', usage: [{ license: 'HCS Unity Connection Basic License', count: 12, status: 'InCompliance' }] });
    expect(usageFromLicenseDetails(cupiLicenseDetailsSchema.parse({ Register: { Status: 'Unregistered' }, LicenseUsage: '' }))).toEqual({ licenseMode: null, usage: [] });
  });

  it('refuses an answer without Register (CAA1012 upstream)', () => {
    expect(cupiLicenseDetailsSchema.safeParse({ LicenseMode: 'HCS', Licenses: [] }).success).toBe(false);
  });

  it('names tags as smartlic licenses and tells the license mode from them', () => {
    expect(entitlementTagName('regid.2020-06.com.cisco.CUC_BasicMessaging,14_74b6')).toBe('CUC_BasicMessaging');
    expect(entitlementTagName('HCUC_SpeechView')).toBe('HCUC_SpeechView');
    expect(licenseNameOfTag('HCUC_EnhancedMessaging')).toBe('HCS Unity Connection Standard License');
    expect(licenseNameOfTag('CUC_EnhancedMessaging')).toBe('CUC_EnhancedMessaging');
    expect(licenseNameOfTag('HCUC_StandardMessaging')).toBe('HCUC_StandardMessaging');
    expect(licenseModeOfTags(['HCUC_BasicMessaging', 'HCUC_SpeechView'])).toBe('HCS');
    expect(licenseModeOfTags(['CUC_BasicMessaging'])).toBe('Enterprise');
    expect(licenseModeOfTags(['HLECUC_BasicMessaging'])).toBeNull();
    expect(licenseModeOfTags(['CUC_BasicMessaging', 'HCUC_BasicMessaging'])).toBeNull();
  });

  it('transport: 0 Direct, 1 satellite, 2 proxy; proxy credentials are sent and never read back', () => {
    expect(JSON.parse(cupiTransportBody({ mode: 'Direct' }))).toEqual({ transportMode: '0', transportUrl: 'https://tools.cisco.com/its/service/oddce/services/DDCEService' });
    expect(JSON.parse(cupiTransportBody({ mode: 'Satellite', satelliteUrl: 'https://sat/SmartTransport' }))).toEqual({ transportMode: '1', transportUrl: 'https://sat/SmartTransport' });
    expect(JSON.parse(cupiTransportBody({ mode: 'Proxy', proxy: { host: 'p', port: 3128 } }))).toEqual({ transportMode: '2', httpHost: 'p', httpPort: '3128', isProxyAuthReq: 'false' });
    expect(JSON.parse(cupiTransportBody({ mode: 'Proxy', proxy: { host: 'p', port: 3128, username: 'James', password: 's3cret' } }))).toEqual({
      transportMode: '2',
      httpHost: 'p',
      httpPort: '3128',
      isProxyAuthReq: 'true',
      httpProxyUser: 'James',
      httpProxyPasswd: 's3cret',
    });
    // Cisco's GET example, values verbatim.
    const example = { transportMode: '2', transportUrl: 'https://tools.cisco.com/its/service/oddce/services/DDCEService', httpHost: '', httpPort: '0', isPrivacyEnabled: 'false', isProxyAuthReq: 'true', httpProxyUser: 'James' };
    expect(fromCupiTransport(cupiTransportSchema.parse(example))).toEqual({ mode: 'Proxy', proxy: { host: '', port: 0 } });
    expect(fromCupiTransport(cupiTransportSchema.parse({ TransportSetting: { transportMode: 1, transportUrl: 'https://sat/x' } }))).toEqual({ mode: 'Satellite', satelliteUrl: 'https://sat/x' });
    expect(fromCupiTransport(cupiTransportSchema.parse({ transportMode: '0', httpProxyPasswd: '****' }))).toEqual({ mode: 'Direct' });
  });

  it('register sends force as CUPI\'s examples do', () => {
    expect(JSON.parse(cupiRegisterBody('tok', true))).toEqual({ token: 'tok', force: 'true' });
  });

  it("finds the publisher in Cisco's cluster example and compares servers by address, name or first label", () => {
    const cluster = cupiClusterSchema.parse({
      '@total': '2',
      VmsServer: [
        { ServerName: ' qa-ks-vm-19', IpAddress: '10.78.171.134', ClusterMemberId: '0', ServerState: '20', HostName: ' qa-ks-vm-19.cisco.com' },
        { ServerName: 'qa-ks-vm-279.cisco.com', IpAddress: '10.65.156.25', ClusterMemberId: '1', HostName: 'qa-ks-vm-279.cisco.com' },
      ],
    });
    const publisher = publisherOfCluster(cluster)!;
    expect(publisher).toEqual({ name: 'qa-ks-vm-19', address: '10.78.171.134' });
    expect(isSameServer({ hostname: 'other', address: '10.78.171.134' }, publisher)).toBe(true);
    expect(isSameServer({ hostname: 'QA-KS-VM-19.cisco.com', address: '10.0.0.9' }, publisher)).toBe(true);
    expect(isSameServer({ hostname: 'qa-ks-vm-279', address: '10.65.156.25' }, publisher)).toBe(false);
    expect(publisherOfCluster(cupiClusterSchema.parse({ VmsServer: { ServerName: 'solo', ClusterMemberId: 0 } }))).toEqual({ name: 'solo', address: null });
  });

  it('reads errors from CUPI\'s errors document (JSON or XML), a flat body, or plain text', () => {
    expect(cupiErrorText('{"errors":{"code":"METHOD_NOT_ALLOWED","message":"m"}}')).toEqual({ code: 'METHOD_NOT_ALLOWED', message: 'm' });
    expect(cupiErrorText('<?xml version="1.0"?><ErrorDetails><errors><code>INVALID_PARAMETER</code><message>x &amp; y</message></errors></ErrorDetails>')).toEqual({ code: 'INVALID_PARAMETER', message: 'x & y' });
    expect(cupiErrorText('{"code":"INTERNAL_SERVER_ERROR","message":"n"}')).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: 'n' });
    expect(cupiErrorText('Service Unavailable')).toEqual({ message: 'Service Unavailable' });
  });
});
