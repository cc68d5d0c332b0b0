import { caaJmsTimeoutCode, LICENSE_MAPPING, smartAgentRestError } from '#libs/contracts';
import { smartAgentError } from '../app-error.mapper.js';
import {
  axlBody,
  axlDateToIso,
  axlEnvelope,
  axlHeaders,
  axlVersionFor,
  licenseModeOfTags,
  licenseOfTag,
  registerRequest,
  registrationStatusOf,
  transportModeOf,
  updateTransportRequest,
} from '../cucm/cucm.wire-format.js';
import { expresswayDateToIso } from '../expressway/expressway.wire-format.js';

const context = { clusterId: 'c1', node: 'pub' };

describe('wire formats', () => {
  it('reads Expressway dates as ISO-8601', () => {
    expect(expresswayDateToIso('February, 05 Feb 2020 06:18:07 GMT')).toBe('2020-02-05T06:18:07.000Z');
    expect(expresswayDateToIso('')).toBeNull();
    expect(expresswayDateToIso('not a date')).toBeNull();
  });

  it('escapes AXL fields and rejects what is not a SOAP envelope', () => {
    const xml = axlEnvelope('14.0', registerRequest('a<b&c'));
    expect(xml).toContain('xmlns:ns="http://www.cisco.com/AXL/API/14.0"');
    expect(xml).toContain('<ns:doSmartLicenseRegister><token>a&lt;b&amp;c</token><force>false</force></ns:doSmartLicenseRegister>');
    expect(axlBody(xml)).toEqual({ doSmartLicenseRegister: { token: 'a<b&c', force: 'false' } });
    expect(axlBody('<html><body>Unauthorized')).toBeUndefined();
    expect(axlBody('{"json":true}')).toBeUndefined();
    expect(axlBody('')).toBeUndefined();
  });

  it('speaks AXL 12.5 to Unified CM 12.5 and 14.0 from 14 on, in the SOAPAction and the namespace alike', () => {
    expect(axlVersionFor('12.5.1.10000-22')).toBe('12.5');
    expect(axlVersionFor('14.0.1.13900-155')).toBe('14.0');
    expect(axlVersionFor('15')).toBe('14.0');
    expect(axlHeaders('12.5', 'getSmartLicenseStatus')).toMatchObject({ soapaction: '"CUCM:DB ver=12.5 getSmartLicenseStatus"' });
  });

  it('writes doUpdateTransportSettings in schema order, proxy authentication only with credentials', () => {
    const fields = (xml: string) => [...xml.matchAll(/<(\w+)(?:\/>|>)/g)].map((m) => m[1]).filter((n) => n !== 'Header' && n !== 'Body');
    const proxy = axlEnvelope('14.0', updateTransportRequest({ settings: { mode: 'Proxy', proxy: { host: '10.0.0.9', port: 8080 } }, proxyCredentials: { username: 'u', password: 'p<w' } }));
    expect(fields(proxy)).toEqual(['transportMode', 'url', 'httpHost', 'httpPort', 'enableProxyAuthentication', 'proxyUserName', 'proxyPassword']);
    expect(proxy).toContain('<transportMode>2</transportMode>');
    expect(proxy).toContain('<proxyPassword>p&lt;w</proxyPassword>');
    const satellite = axlEnvelope('14.0', updateTransportRequest({ settings: { mode: 'Satellite', satelliteUrl: 'https://sat/SmartTransport' } }));
    expect(satellite).toContain('<transportMode>1</transportMode><url>https://sat/SmartTransport</url><httpHost/><httpPort/>');
    expect(axlEnvelope('14.0', updateTransportRequest({ settings: { mode: 'Direct' } }))).not.toContain('enableProxyAuthentication');
  });

  it('reads AXL transport modes as numbers or words', () => {
    expect(['0', '1', '2', 'Direct', 'TransportGateway', 'HTTP/HTTPS Proxy', '7', undefined].map(transportModeOf)).toEqual(['Direct', 'Satellite', 'Proxy', 'Direct', 'Satellite', 'Proxy', undefined, undefined]);
  });

  it('reads the registration status texts Cisco shows', () => {
    expect(['Registered', 'REGISTERED', 'Unregistered', 'Unidentified', 'Unregistered - Registration Expired', 'Unregistered-registered Expired', '', undefined].map(registrationStatusOf)).toEqual([
      'registered',
      'registered',
      'evaluation',
      'evaluation',
      'deregistered',
      'deregistered',
      'evaluation',
      'evaluation',
    ]);
  });

  it('reads smart-agent dates (Java Date.toString, the CLI form, ISO) as ISO-8601 UTC', () => {
    expect(axlDateToIso('Sun Mar 02 11:10:25 EST 2025')).toBe('2025-03-02T16:10:25.000Z');
    expect(axlDateToIso('Mon May 19 20:31:12 EDT 2025')).toBe('2025-05-20T00:31:12.000Z');
    expect(axlDateToIso('Thu Nov 20 16:44:29 UTC 2025')).toBe('2025-11-20T16:44:29.000Z');
    expect(axlDateToIso('Jan 26 15:06:21 2019 IST')).toBe('2019-01-26T09:36:21.000Z');
    expect(axlDateToIso('Wed Jan 01 10:00:00 GMT+05:30 2025')).toBe('2025-01-01T04:30:00.000Z');
    expect(axlDateToIso('2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(axlDateToIso('Sun Mar 02 11:10:25 XYZT 2025')).toBeNull();
    expect(axlDateToIso('')).toBeNull();
    expect(axlDateToIso(undefined)).toBeNull();
  });

  it('names Unified CM entitlement tags with smartlic\'s license names and tells the license mode from them', () => {
    expect(licenseOfTag('regid.2016-07.com.cisco.UCM_Enhanced,12.0_66d0d1cf-4863-4761-91d0-d01d3eb1949a')).toBe('Enhanced');
    expect(licenseOfTag('regid.2017-02.com.cisco.UCM_CUWL,12.0_cc59375a-1cd8-4b36-8366-6f4d2abba965')).toBe('Cisco Unified Workspace Licensing (UWL)');
    expect(licenseOfTag('regid.2016-07.com.cisco.HUCM_Foundation,12.0_0000')).toBe('HCS Cisco UCM Foundation License');
    expect(licenseOfTag('regid.2016-07.com.cisco.HUCM_TelePresenceRoom,12.0_0000')).toBe('HCS Cisco UCM TelePresence Room License');
    expect(licenseOfTag('regid.2016-07.com.cisco.HUCM_Essential,12.0_0000')).toBe('HCS Cisco UCM Essential License');
    expect(licenseOfTag('SomethingNew')).toBe('SomethingNew');
    expect(licenseModeOfTags(['regid.2016-07.com.cisco.HUCM_Foundation,12.0_0000'])).toBe('HCS');
    expect(licenseModeOfTags(['regid.2016-07.com.cisco.UCM_Basic,12.0_ef827a2f-f4ae-4ebb-887f-052737063d3a'])).toBe('Enterprise');
    expect(licenseModeOfTags([])).toBeNull();
  });

  it('gives the six Enterprise tags of TechNote 212915 exactly the Unified CM names of the guide\'s Table 1', () => {
    const tags = ['UCM_Essential', 'UCM_Basic', 'UCM_Enhanced', 'UCM_EnhancedPlus', 'UCM_CUWL', 'UCM_TelePresenceRoom'].map((t) => `regid.2016-07.com.cisco.${t},12.0_x`);
    const table1 = LICENSE_MAPPING.filter((m) => m.application === 'cucm').flatMap((m) => m.enterpriseLicenses);
    expect(tags.map(licenseOfTag).sort()).toEqual([...table1].sort());
    const hcs = LICENSE_MAPPING.filter((m) => m.application === 'cucm');
    expect(hcs.map((m) => licenseOfTag(`regid.2016-07.com.cisco.${m.reportLicenseType},12.0_x`))).toEqual(hcs.map((m) => m.hcsLicense));
  });
});

describe('smartAgentError', () => {
  it('keeps a mapping row message and action, with the row CAA code and the UCAPI code', () => {
    const row = smartAgentRestError('register.unknown-error');
    expect(smartAgentError('register', 500, row.message, context).toJSON()).toMatchObject({
      code: 'CAA1081',
      message: row.message,
      recommendedAction: row.recommendedAction,
      details: { mappingRow: 'register.unknown-error', ucapiCode: 'UCAPI1010', alarms: row.alarms },
    });
  });

  it('uses the catalogue action when the row has none, CAA1035 for refused credentials, the operation code for an unknown answer', () => {
    expect(smartAgentError('deregister', 500, smartAgentRestError('deregister.invalid-trust-chain').message, context).toJSON()).toMatchObject({
      code: 'CAA1082',
      recommendedAction: expect.stringMatching(/^Verify the Proxy connection/),
    });
    expect(smartAgentError('renewID', 401, 'User is not authorized to perform this operation', context).code).toBe('CAA1035');
    expect(smartAgentError('transportsettings', 500, 'disk full', context).toJSON()).toMatchObject({ code: 'CAA1083', details: { upstreamMessage: 'disk full', ucapiCode: 'UCAPI1012' } });
  });
});

describe('caaJmsTimeoutCode', () => {
  it('gives the guide JMS-timeout code of the operation and application type', () => {
    expect(caaJmsTimeoutCode('register', 'cucm')).toBe('SLM1002');
    expect(caaJmsTimeoutCode('deregister', 'cer')).toBe('SLM1021');
    expect(caaJmsTimeoutCode('transport.get', 'cuc')).toBe('SLM1024');
    expect(caaJmsTimeoutCode('license-mode.set', 'cuc')).toBe('SLMCT1005');
    expect(caaJmsTimeoutCode('license-usage', 'cucm')).toBe('CAA1001');
  });
});
