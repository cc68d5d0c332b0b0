import { agentErrorRow } from '#simulators/common';
import { startCssmSimulator, type CssmSimulator } from '#simulators/cssm';
import { XMLParser } from 'fast-xml-parser';
import { PAWS_NAMESPACE, PAWS_PATH_PREFIX, startUcAppsSimulator, type UcAppsSimulator } from './index.js';
import { httpClient } from './__tests__/fixtures/http.fixture.js';
import { openCli, outputOf } from './__tests__/fixtures/ssh-cli.fixture.js';
import { ADDR, ADMIN, PLATFORM, scenario } from './__tests__/fixtures/scenario.fixture.js';

const DOMAIN = 'hcs-sp.example.com';
const CLIENT = { clientId: 'hcmf', clientSecret: 'hcmf-secret' };
const FOUNDATION = 'HCS Cisco UCM Foundation License';
const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false });

const axlEnvelope = (operation: string, inner = ''): string =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/12.5">` +
  `<soapenv:Header/><soapenv:Body><ns:${operation}>${inner}</ns:${operation}></soapenv:Body></soapenv:Envelope>`;

describe('uc-apps against the real CSSM simulator', () => {
  const http = httpClient();
  let cssm: CssmSimulator;
  let sut: UcAppsSimulator;
  let bearer: string;

  beforeEach(async () => {
    cssm = await startCssmSimulator({
      scenario: {
        smartAccounts: [
          {
            domain: DOMAIN,
            name: 'HCS Service Provider',
            apiClients: [CLIENT],
            virtualAccounts: [
              { name: 'va-a', licenses: [{ license: FOUNDATION, licenseDetails: [{ quantity: 100 }] }], tokens: [{ token: 'expired-token', expirationDate: '2020-01-01T00:00:00Z' }] },
              { name: 'va-b' },
            ],
          },
        ],
      },
    });
    // Long enough for a first TLS request to CSSM on a loaded machine; the timeout fault below waits it out once.
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: cssm.url, cssmTimeoutMs: 2_000, rebootMs: 200 });
    const token = await http.call(cssm.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }).toString(),
    });
    bearer = token.json().access_token;
  });
  afterEach(async () => {
    await sut.close();
    await cssm.close();
  });
  afterAll(() => http.close());

  const api = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    http.call(`${cssm.apiBaseUrl}${path}`, { method, headers: { authorization: `Bearer ${bearer}` }, body: body ?? (method === 'POST' ? {} : undefined) });

  const createToken = async (va: string): Promise<string> => {
    const res = await api('POST', `/v1/accounts/${DOMAIN}/virtual-accounts/${va}/tokens`, { description: 'uc-apps e2e', expiresAfterDays: 30, exportControlled: 'Not Allowed' });
    expect(res.status).toBe(200);
    return res.json().tokenInfo.token;
  };

  const usageOf = async (va: string, license: string) => {
    const res = await api('POST', `/v1/accounts/${DOMAIN}/licenses`, { virtualAccounts: [va], limit: -1 });
    expect(res.status).toBe(200);
    return (res.json().licenses as { license: string; inUse: number; available: number }[]).find((l) => l.license === license);
  };

  const devicesOf = async (va: string): Promise<{ instanceId: string; hostname: string; licenses: { license: string; quantity: number }[] }[]> =>
    (await api('GET', `/v1/accounts/${DOMAIN}/virtual-accounts/${va}/devices`)).json().devices;

  const axl = (operation: string, inner = '') =>
    http.call(`${sut.nodeUrl(ADDR.cucmPub)}/axl/`, {
      method: 'POST',
      auth: ADMIN,
      headers: { 'content-type': 'text/xml', soapaction: `"CUCM:DB ver=12.5 ${operation}"` },
      body: axlEnvelope(operation, inner),
    });

  it('a token created on CSSM registers a Unified CM through AXL; its consumption shows in CSSM and is released on deregistration', async () => {
    const token = await createToken('va-a');

    const registered = await axl('doSmartLicenseRegister', `<token>${token}</token><force>false</force>`);
    expect(registered.status).toBe(200);
    expect(sut.calls.count('cucm.axl.register', 'cucm-1')).toBe(1);
    expect(cssm.calls.count('agent.register')).toBe(1);

    const devices = await devicesOf('va-a');
    expect(devices).toEqual([expect.objectContaining({ instanceId: 'cucm-1/cucm-1-pub', hostname: 'cucm-1-pub', licenses: [{ license: FOUNDATION, quantity: 55 }] })]);
    expect(await usageOf('va-a', FOUNDATION)).toMatchObject({ inUse: 55, available: 45 });

    const status = parser.parse((await axl('getSmartLicenseStatus')).text).Envelope.Body.getSmartLicenseStatusResponse.LicenseDetails;
    expect(status.Registration).toMatchObject({ Status: 'Registered', SmartAccount: DOMAIN, VirtualAccount: 'va-a' });
    expect(status.Authorization.Status).toBe('Authorized');

    expect((await axl('doSmartLicenseDeRegister')).status).toBe(200);
    expect(await devicesOf('va-a')).toEqual([]);
    expect(await usageOf('va-a', FOUNDATION)).toMatchObject({ inUse: 0, available: 100 });
    expect(parser.parse((await axl('getSmartLicenseStatus')).text).Envelope.Body.getSmartLicenseStatusResponse.LicenseDetails.Registration.Status).toBe('Unregistered');
  });

  it('an expired or revoked CSSM token answers the invalid-token fault', async () => {
    const message = agentErrorRow('register.invalid-token').message;
    const expired = await axl('doSmartLicenseRegister', '<token>expired-token</token><force>false</force>');
    expect(parser.parse(expired.text).Envelope.Body.Fault.faultstring).toBe(message);
    const token = await createToken('va-a');
    expect((await api('POST', `/v1/accounts/${DOMAIN}/virtual-accounts/va-a/tokens/revoke`, { tokens: [token] })).status).toBe(200);
    const revoked = await http.call(`${sut.nodeUrl(ADDR.cucPub)}/vmrest/smartlicense/register`, { method: 'PUT', auth: ADMIN, headers: { accept: 'application/json' }, body: { token, force: 'false' } });
    expect(revoked.status).toBe(400);
    expect(revoked.json()).toEqual({ errors: { code: 'INVALID_PARAMETER', message } });
  });

  it('CSSM faults become the communication and unknown-error rows (Emergency Responder platform CLI)', async () => {
    const token = await createToken('va-a');
    const cli = await openCli(ADDR.cerPub, sut.sshPort, PLATFORM);
    try {
      const register = async () => outputOf(await cli.run(`license smart register idtoken ${token} force`))[0];
      cssm.faults.add({ route: 'agent.register', kind: 'status', status: 500, times: 1 });
      expect(await register()).toBe(agentErrorRow('register.unknown-error').message);
      cssm.faults.add({ route: 'agent.register', kind: 'timeout', times: 1 });
      expect(await register()).toBe(agentErrorRow('register.communication-timeout').message);
      cssm.faults.add({ route: 'agent.register', kind: 'reset', times: 1 });
      expect(await register()).toBe(agentErrorRow('register.communication-send-error').message);
      expect(await register()).toMatch(/^Registration process is in progress/);
      await cssm.close();
      expect(outputOf(await cli.run('license smart renew auth'))).toEqual([agentErrorRow('renewAuth.communication-send-error').message, 'Executed command unsuccessfully']);
    } finally {
      cli.close();
    }
  });

  it('an Expressway cluster with node 1 on va-a and node 2 on va-b is registered to several virtual accounts in CSSM', async () => {
    const register = (address: string, Token: string) =>
      http.call(`${sut.nodeUrl(address)}/api/provisioning/common/smartlicensing/registration`, { method: 'POST', auth: ADMIN, body: { Token, Reregister: 'No' } });
    expect((await register(ADDR.expc1, await createToken('va-a'))).status).toBe(200);
    expect((await devicesOf('va-a')).map((d) => d.instanceId)).toEqual(['expc-1/expc-1-pub']);
    expect(await devicesOf('va-b')).toEqual([]);
    expect((await register(ADDR.expc2, await createToken('va-b'))).status).toBe(200);
    expect((await devicesOf('va-b')).map((d) => d.instanceId)).toEqual(['expc-1/expc-1-sub']);
    const status = (address: string) => http.call(`${sut.nodeUrl(address)}/api/v1/status/common/smartlicensing/licensing`, { auth: ADMIN });
    expect((await status(ADDR.expc1)).json()).toMatchObject({ VirtualAccount: 'va-a', Registration: { RegistrationStatus: 'REGISTERED' } });
    expect((await status(ADDR.expc2)).json()).toMatchObject({ VirtualAccount: 'va-b', Registration: { RegistrationStatus: 'REGISTERED' } });
  });

  it('a license mode change re-reports the usage under the new names once the publisher is back', async () => {
    const token = await createToken('va-a');
    await axl('doSmartLicenseRegister', `<token>${token}</token><force>false</force>`);
    expect((await devicesOf('va-a'))[0]!.licenses).toEqual([{ license: FOUNDATION, quantity: 55 }]);
    // PAWS: setDeploymentMode, then restartSystem (the publisher drops the connection and reboots).
    const paws = (service: string, operation: string, args = '') =>
      http.call(`${sut.nodeUrl(ADDR.cucmPub)}${PAWS_PATH_PREFIX}${service}`, {
        method: 'POST',
        auth: PLATFORM,
        headers: { 'content-type': 'text/xml' },
        body: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="${PAWS_NAMESPACE}"><soapenv:Body><ser:${operation}>${args}</ser:${operation}></soapenv:Body></soapenv:Envelope>`,
      });
    expect((await paws('DeploymentModeService', 'setDeploymentMode', '<ser:args0>Enterprise</ser:args0>')).status).toBe(200);
    await expect(paws('RestartSystemService', 'restartSystem')).rejects.toThrow();
    while (cssm.calls.count('agent.usage') === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const device = (await api('GET', `/v1/accounts/${DOMAIN}/virtual-accounts/va-a/devices`)).json().devices[0];
    expect(device).toMatchObject({ instanceId: 'cucm-1/cucm-1-pub', licenseMode: 'Enterprise', licenses: [{ license: 'Enhanced', quantity: 50 }, { license: 'Basic', quantity: 5 }] });
    // The reboot is over: the publisher answers again, in the new mode.
    const entitlements = parser.parse((await axl('getSmartLicenseStatus')).text).Envelope.Body.getSmartLicenseStatusResponse.LicenseDetails.LicenseStatus.Entitlement;
    expect(entitlements.map((e: { Tag: string }) => e.Tag.split(',')[0])).toEqual(['regid.2016-07.com.cisco.UCM_Enhanced', 'regid.2016-07.com.cisco.UCM_Basic']);
    expect(cssm.calls.count('agent.usage')).toBe(1);
    // Enterprise licenses missing from va-a are served by the HCS Foundation pool (dual parenting).
    expect(await usageOf('va-a', FOUNDATION)).toMatchObject({ inUse: 55 });
  });
});
