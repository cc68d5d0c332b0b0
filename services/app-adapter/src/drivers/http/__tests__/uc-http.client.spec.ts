import { pino } from 'pino';
import type { AppAdapterConfig } from '../../../config/app-adapter.config.js';
import { AXL_DEFAULT_PORT } from '../../cucm/cucm.wire-format.js';
import { UcHttpClient } from '../uc-http.client.js';

describe('UcHttpClient addresses a node', () => {
  const sut = new UcHttpClient({ CAA_HTTP_SCHEME: 'https', CAA_MAX_CONCURRENCY_PER_TYPE: 1 } as AppAdapterConfig, pino({ level: 'silent' }));
  afterAll(() => sut.onModuleDestroy());

  it("on the interface's own port when the node is provisioned without one (AXL 8443, the others 443)", () => {
    const node = { hostname: 'cucm-pub', address: '10.0.0.1', port: null, publisher: true };
    expect(sut.nodeUrl(node, AXL_DEFAULT_PORT)).toBe('https://10.0.0.1:8443');
    expect(sut.nodeUrl(node)).toBe('https://10.0.0.1:443');
  });

  it('on the provisioned port when there is one, and with brackets around an IPv6 address', () => {
    expect(sut.nodeUrl({ hostname: 'a', address: '10.0.0.1', port: 9443, publisher: true }, AXL_DEFAULT_PORT)).toBe('https://10.0.0.1:9443');
    expect(sut.nodeUrl({ hostname: 'b', address: 'fd00::1', port: null, publisher: true })).toBe('https://[fd00::1]:443');
  });
});
