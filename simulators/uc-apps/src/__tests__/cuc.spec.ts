import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { httpClient } from './fixtures/http.fixture.js';
import { ADDR, ADMIN, scenario } from './fixtures/scenario.fixture.js';

const SL = '/vmrest/smartlicense';
const JSON_ACCEPT = { accept: 'application/json' };
const CUPI_DATE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.0$/;
const DEFAULT_URL = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';
const ENTERPRISE_TAGS = ['CUC_BasicMessaging', 'CUC_EnhancedMessaging', 'CUC_SpeechView', 'CUC_SpeechViewPro', 'CUC_SpeechConnectPort', 'CUC_SpeechConnectGuestUser'];

/** The tag name inside a CUPI entitlement Id (`regid.2020-06.com.cisco.CUC_BasicMessaging,14_<uuid>`). */
const tagOf = (id: string) => /\.com\.cisco\.([^,]+),/.exec(id)?.[1];

describe('Unity Connection answers CUPI Smart Licensing as Cisco documents it', () => {
  let stub: Awaited<ReturnType<typeof startCssm>>;
  let sut: UcAppsSimulator;
  const http = httpClient();

  beforeAll(async () => {
    stub = await startCssm({ 'token-a': 'VA-a', 'token-b': 'VA-b' });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url });
  });
  afterAll(async () => {
    await sut.close();
    await stub.close();
    await http.close();
  });

  const call = (path: string, options: { method?: 'GET' | 'PUT'; body?: unknown; address?: string; headers?: Record<string, string> } = {}) =>
    http.call(`${sut.nodeUrl(options.address ?? ADDR.cucPub)}${path}`, { method: options.method ?? 'GET', auth: ADMIN, body: options.body, headers: options.headers ?? JSON_ACCEPT });

  it('a fresh cluster: licensedetails has exactly CUPI\'s elements, every value a string, the Enterprise tags of its mode', async () => {
    const res = await call(`${SL}/licensedetails`);
    expect(res.status).toBe(200);
    const details = res.json();
    expect(Object.keys(details)).toEqual(['SmartLicensing', 'Register', 'Authorization', 'LicenseUsage']);
    expect(Object.keys(details.Register)).toEqual(['Status', 'SmartAccount', 'VirtualAccount', 'LastRenewalAttempt', 'NextRenewalAttempt', 'LastRegistrationSuccessTime', 'ProductUDI', 'ExportControlFunctionality']);
    expect(Object.keys(details.Authorization)).toEqual(['Status', 'LastCommunicationAttempt', 'NextCommunicationAttempt', 'EvaluationPeriodRemaining']);
    expect(details).toMatchObject({ SmartLicensing: 'Enabled', Register: { Status: 'Unregistered', SmartAccount: '', VirtualAccount: '' }, Authorization: { Status: 'Evaluation' } });
    expect(details.Register.ProductUDI).toMatch(/^pid=Cisco Unity Connection sn=[0-9a-f]+$/);
    const tags = details.LicenseUsage.EntitlementTag as { Id: string; Count: string; Status: string }[];
    expect(tags.map((t) => tagOf(t.Id))).toEqual(ENTERPRISE_TAGS);
    expect(tags[0]).toEqual({ Id: expect.stringMatching(/^regid\.2020-06\.com\.cisco\.CUC_BasicMessaging,14_[0-9a-f-]{36}$/), Count: '40', Status: 'Eval' });
    expect(tags.slice(1).every((t) => t.Count === '0' && t.Status === 'Init')).toBe(true);
  });

  it('answers XML when the client does not ask for JSON', async () => {
    const res = await call(`${SL}/licensedetails`, { headers: {} });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    expect(XMLValidator.validate(res.text)).toBe(true);
    const doc = new XMLParser({ parseTagValue: false }).parse(res.text);
    expect(doc.LicenseDetails.Register.Status).toBe('Unregistered');
    expect(doc.LicenseDetails.LicenseUsage.EntitlementTag).toHaveLength(6);
    const cluster = new XMLParser({ parseTagValue: false, ignoreAttributes: false }).parse((await call('/vmrest/cluster', { headers: {} })).text);
    expect(cluster.VmsServers['@_total']).toBe('2');
  });

  it('transport settings: Direct by default, then satellite (1) and an authenticating proxy (2); the password is never answered', async () => {
    expect((await call(`${SL}/transportsettings`)).json()).toEqual({
      transportMode: '0',
      transportUrl: DEFAULT_URL,
      httpHost: '',
      httpPort: '0',
      isPrivacyEnabled: 'false',
      isProxyAuthReq: 'false',
    });
    const satellite = 'https://ssm-onprem.example.com/SmartTransport';
    expect((await call(`${SL}/transportsettings`, { method: 'PUT', body: { transportMode: '1', transportUrl: satellite } })).status).toBe(200);
    expect((await call(`${SL}/transportsettings`)).json()).toMatchObject({ transportMode: '1', transportUrl: satellite, httpHost: '' });

    const proxy = { transportMode: '2', httpHost: 'proxy.example.com', httpPort: '3128', isProxyAuthReq: 'true', httpProxyUser: 'James', httpProxyPasswd: 'proxy-secret' };
    const put = await call(`${SL}/transportsettings`, { method: 'PUT', body: proxy });
    expect(put.status).toBe(200);
    expect(put.json()).toEqual({ transportMode: '2', transportUrl: DEFAULT_URL, httpHost: 'proxy.example.com', httpPort: '3128', isPrivacyEnabled: 'false', isProxyAuthReq: 'true', httpProxyUser: 'James', httpProxyPasswd: '****' });
    const read = await call(`${SL}/transportsettings`);
    expect(read.json()).toEqual({ transportMode: '2', transportUrl: DEFAULT_URL, httpHost: 'proxy.example.com', httpPort: '3128', isPrivacyEnabled: 'false', isProxyAuthReq: 'true', httpProxyUser: 'James' });
    expect(read.text).not.toContain('proxy-secret');
    const sha256 = createHash('sha256').update('proxy-secret').digest('hex');
    expect(sut.clusters.get('cuc-1')!.nodes[0]!.agent!.transport).toEqual({ mode: 1, proxyIp: 'proxy.example.com', proxyPort: 3128, proxyUser: 'James', proxyPasswordSha256: sha256 });
    const snapshot = await http.call(`${sut.url}/__admin/clusters/cuc-1`);
    expect(snapshot.text).not.toContain('proxy-secret');
    expect(snapshot.json().nodes[0].smartAgent.transport).toMatchObject({ proxyUser: 'James', proxyPasswordSha256: sha256 });
    // An authenticating proxy without a password cannot be applied (the guide has no row of its own for it).
    const noPassword = await call(`${SL}/transportsettings`, { method: 'PUT', body: { ...proxy, httpProxyPasswd: '' } });
    expect(noPassword.status).toBe(500);
    expect(noPassword.json()).toEqual({ errors: { code: 'INTERNAL_SERVER_ERROR', message: 'Failed to apply the Transport Settings' } });

    // XML bodies as in CUPI's XML examples.
    const xml = '<TransportSetting><transportMode>0</transportMode><transportUrl>' + DEFAULT_URL + '</transportUrl><httpHost></httpHost><httpPort>0</httpPort></TransportSetting>';
    expect((await call(`${SL}/transportsettings`, { method: 'PUT', body: xml, headers: { ...JSON_ACCEPT, 'content-type': 'application/xml' } })).status).toBe(200);
    expect((await call(`${SL}/transportsettings`)).json()).toMatchObject({ transportMode: '0', isProxyAuthReq: 'false' });
  });

  it('register {token, force} answers a bare 200 and reports the consumption to CSSM; licensedetails then shows the registration', async () => {
    const res = await call(`${SL}/register`, { method: 'PUT', body: { token: 'token-a', force: 'false' } });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(stub.instance('cuc-1/cuc-1-pub')).toMatchObject({ virtualAccount: 'VA-a', productType: 'cuc', licenseMode: 'Enterprise', usage: [{ license: 'CUC_BasicMessaging', count: 40 }] });
    for (const address of [ADDR.cucPub, ADDR.cucSub]) {
      const details = (await call(`${SL}/licensedetails`, { address })).json();
      expect(details).toMatchObject({ Register: { Status: 'Registered', SmartAccount: 'sa.example.com', VirtualAccount: 'VA-a', ExportControlFunctionality: 'Not Allowed' }, Authorization: { Status: 'Authorized', EvaluationPeriodRemaining: '' } });
      expect(details.Register.LastRenewalAttempt).toMatch(/^SUCCEEDED \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.0$/);
      expect(details.Register.NextRenewalAttempt).toMatch(CUPI_DATE);
      expect(details.Register.LastRegistrationSuccessTime).toMatch(CUPI_DATE);
      expect(details.Authorization.NextCommunicationAttempt).toMatch(CUPI_DATE);
      expect(details.LicenseUsage.EntitlementTag[0]).toMatchObject({ Count: '40', Status: 'InCompliance' });
    }
  });

  it('re-registers with force "true" (XML RegisterDetails too), renews, deregisters', async () => {
    const again = await call(`${SL}/register`, { method: 'PUT', body: { token: 'token-b', force: false } });
    expect(again.status).toBe(405);
    const xml = '<RegisterDetails><token>token-b</token><force>true</force></RegisterDetails>';
    expect((await call(`${SL}/register`, { method: 'PUT', body: xml, headers: { ...JSON_ACCEPT, 'content-type': 'application/xml' } })).status).toBe(200);
    expect((await call(`${SL}/licensedetails`)).json().Register.VirtualAccount).toBe('VA-b');
    expect((await call(`${SL}/renewID`, { method: 'PUT' })).status).toBe(200);
    expect((await call(`${SL}/renewAuth`, { method: 'PUT' })).status).toBe(200);
    expect((await call(`${SL}/deregister`, { method: 'PUT' })).status).toBe(200);
    expect(stub.instance('cuc-1/cuc-1-pub')).toBeUndefined();
    expect((await call(`${SL}/licensedetails`)).json()).toMatchObject({ Register: { Status: 'Unregistered', VirtualAccount: '' }, Authorization: { Status: 'Evaluation' } });
  });

  it('in HCS mode the same consumption counts under the HCUC_ tags', async () => {
    expect((await http.call(`${sut.url}/__admin/clusters/cuc-1/license-mode`, { method: 'PUT', body: { licenseMode: 'HCS' } })).status).toBe(200);
    const tags = (await call(`${SL}/licensedetails`)).json().LicenseUsage.EntitlementTag as { Id: string; Count: string }[];
    expect(tags.map((t) => [tagOf(t.Id), t.Count])).toEqual([
      ['HCUC_BasicMessaging', '40'],
      ['HCUC_EnhancedMessaging', '0'],
      ['HCUC_StandardMessaging', '0'],
      ['HCUC_SpeechConnectPort', '0'],
      ['HCUC_SpeechView', '0'],
    ]);
  });

  it('/vmrest/cluster lists the servers, the publisher as ClusterMemberId 0', async () => {
    const res = await call('/vmrest/cluster', { address: ADDR.cucSub });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      '@total': '2',
      VmsServer: [
        { ServerName: 'cuc-1-pub', IpAddress: ADDR.cucPub, ClusterMemberId: '0', HostName: 'cuc-1-pub' },
        { ServerName: 'cuc-1-sub', IpAddress: ADDR.cucSub, ClusterMemberId: '1' },
      ],
    });
  });

  it('refuses a wrong login with the table\'s 401 row, and other products\' paths are not there', async () => {
    const res = await http.call(`${sut.nodeUrl(ADDR.cucPub)}${SL}/licensedetails`, { auth: { username: ADMIN.username, password: 'wrong' }, headers: JSON_ACCEPT });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ errors: { code: 'NOT_AUTHORIZED', message: 'User is not authorized to perform this operation' } });
    expect((await call('/ucmservices/smartlicense/licensedetails')).status).toBe(404);
    expect((await call(`${SL}/licensedetails`, { address: ADDR.cucmPub })).status).toBe(404);
  });
});
