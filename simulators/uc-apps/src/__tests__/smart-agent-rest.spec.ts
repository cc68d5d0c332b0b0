import { startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { httpClient } from './fixtures/http.fixture.js';
import { ADDR, ADMIN, scenario } from './fixtures/scenario.fixture.js';

const APPS = [
  { app: 'cucm', clusterId: 'cucm-1', prefix: '/ucmservices/smartlicense', pub: ADDR.cucmPub, sub: ADDR.cucmSub, mode: 'HCS', licenses: [{ Name: 'HCS Cisco UCM Foundation License', Count: 55 }] },
  { app: 'cuc', clusterId: 'cuc-1', prefix: '/vmrest/smartlicense', pub: ADDR.cucPub, sub: ADDR.cucSub, mode: 'Enterprise', licenses: [{ Name: 'CUC_BasicMessaging', Count: 40 }] },
] as const;

describe.each(APPS)('the $app smart-agent REST operations', (target) => {
  let stub: Awaited<ReturnType<typeof startCssm>>;
  let sut: UcAppsSimulator;
  const http = httpClient();

  beforeAll(async () => {
    stub = await startCssm({ 'token-a': 'VA-a' });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url });
  });
  afterAll(async () => {
    await sut.close();
    await stub.close();
    await http.close();
  });

  const call = (operation: string, method: 'GET' | 'PUT', body?: unknown, address: string = target.pub) =>
    http.call(`${sut.nodeUrl(address)}${target.prefix}/${operation}`, { method, auth: ADMIN, body: body ?? (method === 'PUT' ? {} : undefined) });

  it('a fresh cluster is unregistered in evaluation mode, with Direct transport', async () => {
    const res = await call('licensedetails', 'GET');
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      LicenseMode: target.mode,
      Register: { Status: 'Unregistered', State: 'EVALUATION', SmartAccount: '', VirtualAccount: '' },
      Authorization: { Status: 'Evaluation Mode' },
      TransportSettings: { mode: 0 },
      Licenses: target.licenses.map((l) => ({ ...l, Status: 'Evaluation Mode' })),
    });
    expect((await call('transportsettings', 'GET')).json()).toEqual({ mode: 0 });
  });

  it('transport settings are stored while unregistered (proxy, then satellite, then direct)', async () => {
    const proxy = await call('transportsettings', 'PUT', { mode: 1, proxyIp: '10.1.1.1', proxyPort: '3128' });
    expect(proxy.status).toBe(200);
    expect(proxy.json()).toEqual({ code: 'SUCCESS', message: 'The requested operation was successful', mode: 1, proxyIp: '10.1.1.1', proxyPort: 3128 });
    expect((await call('transportsettings', 'PUT', { mode: 2, gatewayUrl: 'https://satellite.example.com/Transportgateway/services/DeviceRequestHandler' })).status).toBe(200);
    expect((await call('transportsettings', 'GET')).json()).toEqual({ mode: 2, gatewayUrl: 'https://satellite.example.com/Transportgateway/services/DeviceRequestHandler' });
    expect((await call('transportsettings', 'PUT', { mode: 0 })).status).toBe(200);
  });

  it('register forwards the token and the usage in the cluster\'s license mode to CSSM', async () => {
    const res = await call('register', 'PUT', { token: 'token-a', force: false });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ code: 'SUCCESS', message: 'The requested operation was successful' });
    const recorded = stub.instance(`${target.clusterId}/${target.clusterId}-pub`)!;
    expect(recorded).toMatchObject({ virtualAccount: 'VA-a', productType: target.app, hostname: `${target.clusterId}-pub`, licenseMode: target.mode });
    expect(recorded.usage).toEqual(target.licenses.map((l) => ({ license: l.Name, count: l.Count })));
  });

  it('licensedetails shows the registration on the publisher and on subscribers', async () => {
    const instance = stub.cssm.state.instance(`${target.clusterId}/${target.clusterId}-pub`)!;
    const expiry = { registration: new Date(instance.registrationExpires).toISOString(), authorization: new Date(instance.authorizationExpires).toISOString() };
    for (const address of [target.pub, target.sub]) {
      const details = (await call('licensedetails', 'GET', undefined, address)).json();
      expect(details).toMatchObject({
        Register: { Status: 'Registered', State: 'REGISTERED', SmartAccount: 'sa.example.com', VirtualAccount: 'VA-a', RegistrationExpires: expiry.registration },
        Authorization: { Status: 'Authorized', AuthorizationExpires: expiry.authorization },
        ExportControlled: 'Not Allowed',
        PublisherHostname: `${target.clusterId}-pub`,
      });
    }
  });

  it('force re-registers a registered product', async () => {
    expect((await call('register', 'PUT', { token: 'token-a', force: true })).status).toBe(200);
  });

  it('renewID and renewAuth succeed while registered and are recorded', async () => {
    expect((await call('renewID', 'PUT')).json()).toEqual({ code: 'SUCCESS', message: 'The requested operation was successful' });
    expect((await call('renewAuth', 'PUT')).status).toBe(200);
    const details = (await call('licensedetails', 'GET')).json();
    expect(details.Register.LastRenewalAttempt).not.toBe('');
    expect(details.Authorization.LastAuthorizationAttempt).not.toBe('');
  });

  it('deregister releases the product instance in CSSM and returns to evaluation', async () => {
    expect((await call('deregister', 'PUT')).status).toBe(200);
    expect(stub.instance(`${target.clusterId}/${target.clusterId}-pub`)).toBeUndefined();
    expect((await call('licensedetails', 'GET')).json()).toMatchObject({ Register: { Status: 'Unregistered', State: 'DEREGISTERED' }, Authorization: { Status: 'Evaluation Mode' } });
    expect(sut.clusters.get(target.clusterId)!.nodes[0]!.agent!.state).toBe('DEREGISTERED');
  });

  it('paths of another product answer 404 on this node', async () => {
    const other = target.app === 'cuc' ? '/ucmservices/smartlicense' : '/vmrest/smartlicense';
    const res = await http.call(`${sut.nodeUrl(target.pub)}${other}/licensedetails`, { auth: ADMIN });
    expect(res.status).toBe(404);
  });
});
