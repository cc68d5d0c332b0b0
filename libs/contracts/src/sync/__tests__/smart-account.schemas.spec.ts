import { isSatelliteRegistrationUrl, smartAccountConfigSchema, smartAccountUpdateSchema } from '../smart-account.schemas.js';

const issues = (input: unknown) => {
  const result = smartAccountConfigSchema.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
};

const base = { domain: 'hcs-sp.example.com', clientId: 'c', clientSecret: 's' };

describe('Configure Smart Account Access rules', () => {
  it('accepts a Direct account with only the domain and credentials', () => {
    expect(issues({ ...base, transportMode: 'Direct' })).toEqual({});
  });

  it('without transportMode the account follows the global Transport Mode: its transport fields are refused, naming them', () => {
    expect(issues(base)).toEqual({});
    expect(issues({ clientId: 'c', clientSecret: 's' })).toMatchObject({ domain: expect.stringContaining('required') });
    expect(issues({ ...base, cssmServer: 'https://cssm.example.com', authenticationGateway: 'https://id.example.com/token' })).toEqual({
      cssmServer: expect.stringContaining('comes from the global Transport Mode'),
      authenticationGateway: expect.stringContaining('comes from the global Transport Mode'),
    });
    expect(issues({ ...base, proxy: { host: 'proxy', port: 3128 } })).toEqual({ proxy: 'is allowed only when transportMode is Proxy' });
  });

  it('Proxy needs host and port 1-65535; proxy settings are refused in other modes', () => {
    expect(issues({ ...base, transportMode: 'Proxy' })).toMatchObject({ proxy: expect.stringContaining('required') });
    expect(issues({ ...base, transportMode: 'Proxy', proxy: { host: 'proxy', port: 65_536 } })).toEqual({ 'proxy.port': 'must be an integer between 1 and 65535' });
    expect(issues({ ...base, transportMode: 'Proxy', proxy: { host: '10.0.0.1', port: 3128, username: 'u', password: 'p' } })).toEqual({});
    expect(issues({ ...base, transportMode: 'Direct', proxy: { host: 'proxy', port: 1 } })).toMatchObject({ proxy: 'is allowed only when transportMode is Proxy' });
  });

  it('Satellite needs its settings, takes its domain from the local account, and checks the registration URL (CAA1079)', () => {
    const satellite = { host: 'sat.example.com', port: 8443, registrationUrl: 'https://sat.example.com/SmartTransport', tokenUrl: 'https://sat.example.com:8443/backend/oauth/token', localAccount: 'LA' };
    expect(issues({ clientId: 'c', clientSecret: 's', transportMode: 'Satellite', satellite })).toEqual({});
    expect(issues({ clientId: 'c', clientSecret: 's', transportMode: 'Satellite', satellite: { ...satellite, registrationUrl: 'sat.example.com' } })['satellite.registrationUrl']).toMatch(/^CAA1079: /);
    expect(issues({ clientId: 'c', clientSecret: 's', transportMode: 'Direct' })).toMatchObject({ domain: expect.stringContaining('required') });
  });

  it.each([
    ['https://10.1.1.1/Transportgateway/services/DeviceRequestHandler', true],
    ['https://sat.example.com/SmartTransport/', true],
    ['http://sat.example.com/smarttransport', true],
    ['https://sat.example.com/', false],
    ['ftp://sat.example.com/SmartTransport', false],
  ])('registration URL %s valid: %s', (url, valid) => {
    expect(isSatelliteRegistrationUrl(url)).toBe(valid);
  });

  it('operational licenses: opted needs both VAs, distinct; auto-registration needs them opted', () => {
    expect(issues({ ...base, transportMode: 'Direct', operationalLicenses: { opted: true } })).toMatchObject({
      'operationalLicenses.orderedVirtualAccount': expect.any(String),
      'operationalLicenses.operationalVirtualAccount': expect.any(String),
    });
    expect(issues({ ...base, transportMode: 'Direct', operationalLicenses: { opted: true, orderedVirtualAccount: 'va', operationalVirtualAccount: 'va' } })).toEqual({
      'operationalLicenses.operationalVirtualAccount': 'must differ from the ordered virtual account',
    });
    expect(issues({ ...base, transportMode: 'Direct', operationalLicenses: { autoRegistration: true, operationalVirtualAccount: 'va-op' } })).toEqual({
      'operationalLicenses.autoRegistration': 'needs operational licenses (opted: true)',
    });
  });

  it('an edit may leave the client secret out', () => {
    expect(smartAccountUpdateSchema.safeParse({ domain: 'x.example.com', clientId: 'c', transportMode: 'Direct' }).success).toBe(true);
    expect(issues({ domain: 'x.example.com', clientId: 'c', transportMode: 'Direct' })).toHaveProperty('clientSecret');
  });
});
