import { bindHost } from '../bind-host.js';

describe('bindHost: where a simulator listens', () => {
  it('takes --host first, then HOST, then the simulator\'s default', () => {
    expect(bindHost('127.0.0.1', { HOST: '0.0.0.0' }, '::1')).toBe('127.0.0.1');
    expect(bindHost(undefined, { HOST: '0.0.0.0' }, '127.0.0.1')).toBe('0.0.0.0');
    expect(bindHost(undefined, { HOST: '' }, '127.0.0.1')).toBe('127.0.0.1');
    expect(bindHost(undefined, {}, '0.0.0.0')).toBe('0.0.0.0');
    expect(bindHost(undefined, { HOST: 'cssm-sim.lab.local' }, '127.0.0.1')).toBe('cssm-sim.lab.local');
  });

  it('refuses what is neither an address nor a host name, naming its source', () => {
    expect(() => bindHost(undefined, { HOST: 'http://0.0.0.0' }, '127.0.0.1')).toThrow('HOST: must be an IP address or a host name, received "http://0.0.0.0"');
    expect(() => bindHost('0.0.0.0:8090', {}, '127.0.0.1')).toThrow(/^--host: must be an IP address or a host name/);
  });
});
