import { hostKey } from '../cluster.store.js';
import { expresswayDate } from '../expressway-date.js';
import { reportedUsage } from '../license-usage.js';
import { validateTransportSettings } from '../transport-settings.js';

describe('transport settings validation follows the guide\'s 400 rows', () => {
  it.each([
    [{ mode: 0 }, { ok: true, settings: { mode: 0 } }],
    [{ mode: '1', proxyIp: 'proxy.example.com', proxyPort: '8080' }, { ok: true, settings: { mode: 1, proxyIp: 'proxy.example.com', proxyPort: 8080 } }],
    [{ mode: 1, proxyIp: '2001:db8::1', proxyPort: 1 }, { ok: true, settings: { mode: 1, proxyIp: '2001:db8::1', proxyPort: 1 } }],
    [{ mode: 2, gatewayUrl: 'http://10.0.0.5/Transportgateway' }, { ok: true, settings: { mode: 2, gatewayUrl: 'http://10.0.0.5/Transportgateway' } }],
    [{}, { ok: false, failure: 'invalid-transport-mode' }],
    [{ mode: -1 }, { ok: false, failure: 'invalid-transport-mode' }],
    [{ mode: 1.5 }, { ok: false, failure: 'invalid-transport-mode' }],
    [{ mode: 2, gatewayUrl: 'ftp://x' }, { ok: false, failure: 'invalid-gateway-url' }],
    [{ mode: 1, proxyPort: 80 }, { ok: false, failure: 'invalid-proxy' }],
    [{ mode: 1, proxyIp: '1.2.3', proxyPort: 80 }, { ok: false, failure: 'invalid-proxy-address' }],
    [{ mode: 1, proxyIp: 'bad host!', proxyPort: 80 }, { ok: false, failure: 'invalid-proxy-address' }],
    [{ mode: 1, proxyIp: '10.0.0.1', proxyPort: 0 }, { ok: false, failure: 'invalid-proxy-port' }],
    [{ mode: 1, proxyIp: '10.0.0.1', proxyPort: 65536 }, { ok: false, failure: 'invalid-proxy-port' }],
  ])('%j → %j', (input, expected) => {
    expect(validateTransportSettings(input)).toEqual(expected);
  });
});

describe('reported usage', () => {
  it('maps Enterprise licenses to their HCS license in HCS mode and sums them', () => {
    const usage = [
      { license: 'Enhanced', count: 50 },
      { license: 'Basic', count: 5 },
      { license: 'Enhanced Plus', count: 3 },
    ];
    expect(reportedUsage(usage, 'HCS')).toEqual([
      { license: 'HCS Cisco UCM Foundation License', count: 55 },
      { license: 'HCS Cisco UCM Standard License', count: 3 },
    ]);
    expect(reportedUsage(usage, 'Enterprise')).toEqual(usage);
  });

  it('passes HCS or unknown names through', () => {
    expect(reportedUsage([{ license: 'HCS Cisco UCM Foundation License', count: 2 }], 'Enterprise')).toEqual([{ license: 'HCS Cisco UCM Foundation License', count: 2 }]);
  });
});

describe('helpers', () => {
  it('hostKey strips ports and brackets and lower-cases', () => {
    expect(hostKey('127.1.2.3:8443')).toBe('127.1.2.3');
    expect(hostKey('CUCM.Example.com')).toBe('cucm.example.com');
    expect(hostKey('[::1]:443')).toBe('::1');
    expect(hostKey('::1')).toBe('::1');
  });

  it('formats Expressway dates like the documented sample', () => {
    expect(expresswayDate('2020-05-05T06:13:06Z')).toBe('May, 05 May 2020 06:13:06 GMT');
    expect(expresswayDate('2020-02-05T18:18:07Z')).toBe('February, 05 Feb 2020 18:18:07 GMT');
    expect(expresswayDate(undefined)).toBe('');
  });
});
