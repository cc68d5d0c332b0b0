import { LICENSE_MODE_PATH, startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { axlClient } from './fixtures/axl.fixture.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { failureOf, httpClient } from './fixtures/http.fixture.js';
import { ADDR, ADMIN, PLATFORM, scenario } from './fixtures/scenario.fixture.js';

const waitUntil = async (condition: () => Promise<boolean>): Promise<void> => {
  for (;;) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('license mode change reboots the publisher', () => {
  let stub: Awaited<ReturnType<typeof startCssm>>;
  let sut: UcAppsSimulator;
  const http = httpClient();

  beforeEach(async () => {
    stub = await startCssm({ 'token-a': 'VA-a' });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url, rebootMs: 400 });
  });
  afterEach(async () => {
    await sut.close();
    await stub.close();
  });
  afterAll(() => http.close());

  const axl = axlClient(http, () => sut);
  const mode = (address: string, method: 'GET' | 'PUT' = 'GET', body?: unknown, auth = PLATFORM) =>
    http.call(`${sut.nodeUrl(address)}${LICENSE_MODE_PATH}`, { method, auth, body });

  it('reads the mode with platform credentials; admin credentials are refused', async () => {
    expect((await mode(ADDR.cucmPub)).json()).toEqual({ licenseMode: 'HCS' });
    expect((await mode(ADDR.cucSub)).json()).toEqual({ licenseMode: 'Enterprise' });
    expect((await mode(ADDR.cucmPub, 'GET', undefined, ADMIN)).status).toBe(401);
  });

  it('a change makes every node of the cluster reset connections, then answer in the new mode', async () => {
    const res = await mode(ADDR.cucmPub, 'PUT', { licenseMode: 'Enterprise' });
    expect(res.status).toBe(202);
    expect(res.json()).toMatchObject({ licenseMode: 'Enterprise', previousLicenseMode: 'HCS', rebooting: true });
    expect(await failureOf(mode(ADDR.cucmPub))).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    expect(await failureOf(axl.call('getSmartLicenseStatus', '', { address: ADDR.cucmSub }))).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    // Other clusters are not affected.
    expect((await mode(ADDR.cerPub)).status).toBe(200);
    expect(sut.clusters.get('cucm-1')!.rebootUntil).toBeGreaterThan(0);
    await waitUntil(async () => (await failureOf(mode(ADDR.cucmPub))) === 'NO_FAILURE');
    expect((await mode(ADDR.cucmPub)).json()).toEqual({ licenseMode: 'Enterprise' });
    // Unified CM reports its usage under the Enterprise entitlement tags now.
    const { LicenseDetails } = await axl.answer('getSmartLicenseStatus');
    expect(LicenseDetails.LicenseStatus.Entitlement.map((e: { Tag: string; Count: string }) => [e.Tag.split(',')[0], e.Count])).toEqual([
      ['regid.2016-07.com.cisco.UCM_Enhanced', '50'],
      ['regid.2016-07.com.cisco.UCM_Basic', '5'],
    ]);
  });

  it('setting the current mode again does not reboot', async () => {
    const res = await mode(ADDR.cucmPub, 'PUT', { licenseMode: 'HCS' });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ licenseMode: 'HCS', previousLicenseMode: 'HCS', rebooting: false });
    expect((await mode(ADDR.cucmPub)).status).toBe(200);
  });

  it('a registered cluster reports its usage under the new license names after the reboot', async () => {
    await axl.answer('doSmartLicenseRegister', '<token>token-a</token><force>false</force>');
    expect(stub.instance('cucm-1/cucm-1-pub')!.usage).toEqual([{ license: 'HCS Cisco UCM Foundation License', count: 55 }]);
    await mode(ADDR.cucmPub, 'PUT', { licenseMode: 'Enterprise' });
    await waitUntil(async () => stub.cssm.calls.count('agent.usage') > 0);
    expect(stub.instance('cucm-1/cucm-1-pub')!.licenseMode).toBe('Enterprise');
    expect(stub.instance('cucm-1/cucm-1-pub')!.usage).toEqual([
      { license: 'Enhanced', count: 50 },
      { license: 'Basic', count: 5 },
    ]);
  });

  it('only the publisher changes the mode; bad values are refused; Expressway has no license mode API', async () => {
    expect((await mode(ADDR.cucmSub, 'PUT', { licenseMode: 'Enterprise' })).status).toBe(405);
    expect((await mode(ADDR.cucmPub, 'PUT', { licenseMode: 'Flex' })).status).toBe(400);
    expect((await mode(ADDR.expc1)).status).toBe(404);
  });
});
