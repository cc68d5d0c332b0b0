import { caaJmsTimeoutCode, smartAgentRestError } from '#libs/contracts';
import { smartAgentError } from '../app-error.mapper.js';
import { axlBody, axlEnvelope } from '../cucm/cucm.wire-format.js';
import { expresswayDateToIso } from '../expressway/expressway.wire-format.js';
import { fromRestTransport, toRestTransport } from '../smart-agent-rest/smart-agent-rest.wire-format.js';

const context = { clusterId: 'c1', node: 'pub' };

describe('wire formats', () => {
  it('reads Expressway dates as ISO-8601', () => {
    expect(expresswayDateToIso('February, 05 Feb 2020 06:18:07 GMT')).toBe('2020-02-05T06:18:07.000Z');
    expect(expresswayDateToIso('')).toBeNull();
    expect(expresswayDateToIso('not a date')).toBeNull();
  });

  it('writes smart-agent transport modes as 0/1/2 and reads them back', () => {
    expect(JSON.parse(toRestTransport({ mode: 'Proxy', proxy: { host: '10.1.1.1', port: 3128 } }))).toEqual({ mode: 1, proxyIp: '10.1.1.1', proxyPort: 3128 });
    expect(JSON.parse(toRestTransport({ mode: 'Satellite', satelliteUrl: 'https://sat/x' }))).toEqual({ mode: 2, gatewayUrl: 'https://sat/x' });
    expect(fromRestTransport({ mode: 0 })).toEqual({ mode: 'Direct' });
    expect(fromRestTransport({ mode: 1, proxyIp: 'p', proxyPort: 8080 })).toEqual({ mode: 'Proxy', proxy: { host: 'p', port: 8080 } });
  });

  it('escapes AXL fields and rejects what is not a SOAP envelope', () => {
    const xml = axlEnvelope('doSmartLicenseRegister', { token: 'a<b&c', force: 'false' });
    expect(xml).toContain('<token>a&lt;b&amp;c</token>');
    expect(axlBody(xml)).toEqual({ doSmartLicenseRegister: { token: 'a<b&c', force: 'false' } });
    expect(axlBody('<html><body>Unauthorized')).toBeUndefined();
    expect(axlBody('{"json":true}')).toBeUndefined();
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
