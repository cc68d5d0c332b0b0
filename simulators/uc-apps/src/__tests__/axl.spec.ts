import { createHash } from 'node:crypto';
import { agentErrorRow } from '#simulators/common';
import { startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { axlClient } from './fixtures/axl.fixture.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { httpClient } from './fixtures/http.fixture.js';
import { ADDR, ADMIN, PLATFORM, scenario } from './fixtures/scenario.fixture.js';

const JAVA_DATE = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d\d:\d\d:\d\d UTC \d{4}$/;
const HCS_FOUNDATION_TAG = /^regid\.2016-07\.com\.cisco\.HUCM_Foundation,12\.0_[0-9a-f-]{36}$/;
/** Java's Date.toString() in UTC, from the RFC 7231 date (`Thu, 20 Nov 2025 16:44:29 GMT`). */
const javaDateOf = (iso: string): string => {
  const [day, date, month, year, time] = new Date(iso).toUTCString().replace(',', '').split(' ');
  return `${day} ${month} ${date} ${time} UTC ${year}`;
};

describe('Unified CM AXL smart-licensing operations', () => {
  let stub: Awaited<ReturnType<typeof startCssm>>;
  let sut: UcAppsSimulator;
  const http = httpClient();
  const axl = axlClient(http, () => sut);

  beforeAll(async () => {
    stub = await startCssm({ 'token-a': 'VA-a', 'token-b': 'VA-b', 'token-empty': 'VA-empty' }, { withoutLicenses: ['VA-empty'] });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url });
  });
  afterAll(async () => {
    await sut.close();
    await stub.close();
    await http.close();
  });

  describe('an unregistered product', () => {
    it('getSmartLicenseStatus answers return, then LicenseDetails in the schema order, in the request namespace', async () => {
      const res = await axl.call('getSmartLicenseStatus');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/xml');
      expect(res.text).toContain('<ns:getSmartLicenseStatusResponse xmlns:ns="http://www.cisco.com/AXL/API/12.5"><return>Success</return><LicenseDetails><SmartLicensing>ENABLED</SmartLicensing><Registration><Status>');
      const answer = await axl.answer('getSmartLicenseStatus');
      expect(answer.LicenseDetails).toEqual({
        SmartLicensing: 'ENABLED',
        Registration: { Status: 'Unregistered', ProductUDI: expect.stringMatching(/^UDI: PID:UCM,SN:[0-9a-f]{5},UUID:[0-9a-f]{32}$/) },
        Authorization: { Status: 'Evaluation Mode', EvaluationPeriodRemaining: '90' },
        // HCS mode: Enhanced 50 + Basic 5 are reported as the guide's HCS Foundation license.
        LicenseStatus: { Entitlement: [{ Tag: expect.stringMatching(HCS_FOUNDATION_TAG), Count: '55', Status: 'EvalMode' }] },
      });
    });

    it('reports Enterprise usage under the entitlement tags Cisco shows for Unified CM', async () => {
      await http.call(`${sut.url}/__admin/clusters/cucm-1/license-mode`, { method: 'PUT', body: { licenseMode: 'Enterprise' } });
      const { LicenseDetails } = await axl.answer('getSmartLicenseStatus');
      expect(LicenseDetails.LicenseStatus.Entitlement).toEqual([
        { Tag: 'regid.2016-07.com.cisco.UCM_Enhanced,12.0_66d0d1cf-4863-4761-91d0-d01d3eb1949a', Count: '50', Status: 'EvalMode' },
        { Tag: 'regid.2016-07.com.cisco.UCM_Basic,12.0_ef827a2f-f4ae-4ebb-887f-052737063d3a', Count: '5', Status: 'EvalMode' },
      ]);
      await http.call(`${sut.url}/__admin/clusters/cucm-1/license-mode`, { method: 'PUT', body: { licenseMode: 'HCS' } });
    });

    it('bad credentials answer HTTP 401 with an HTML page, not a SOAP fault', async () => {
      const res = await axl.call('getSmartLicenseStatus', '', { password: 'nope' });
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['www-authenticate']).toContain('Basic');
      expect(res.text).toContain('401');
    });

    it('getTransportSettings starts Direct to CSSM without proxy authentication', async () => {
      expect((await axl.answer('getTransportSettings')).TransportSettings).toEqual({
        transportmode: '0',
        transportUrl: 'https://tools.cisco.com/its/service/oddce/services/DDCEService',
        proxyAuthenticationEnabled: 'false',
      });
    });

    it('doUpdateTransportSettings stores an authenticating proxy; the password is never echoed, its digest is in the admin snapshot', async () => {
      const inner =
        '<transportMode>2</transportMode><url>https://tools.cisco.com/its/service/oddce/services/DDCEService</url><httpHost>10.0.0.9</httpHost><httpPort>8080</httpPort>' +
        '<enableProxyAuthentication>true</enableProxyAuthentication><proxyUserName>proxy-user</proxyUserName><proxyPassword>s3cret&amp;</proxyPassword>';
      expect(await axl.answer('doUpdateTransportSettings', inner)).toEqual({ return: 'Success' });
      const read = await axl.call('getTransportSettings');
      expect(read.text).not.toContain('s3cret');
      expect((await axl.answer('getTransportSettings')).TransportSettings).toEqual({
        transportmode: '2',
        transportUrl: 'https://tools.cisco.com/its/service/oddce/services/DDCEService',
        httpHost: '10.0.0.9',
        httpPort: '8080',
        proxyAuthenticationEnabled: 'true',
        proxyUserName: 'proxy-user',
      });
      const snapshot = await http.call(`${sut.url}/__admin/clusters/cucm-1`);
      expect(snapshot.text).not.toContain('s3cret');
      expect(snapshot.json().nodes[0].smartAgent.transport).toEqual({ mode: 1, proxyIp: '10.0.0.9', proxyPort: 8080, proxyUser: 'proxy-user', proxyPasswordSha256: createHash('sha256').update('s3cret&').digest('hex') });
    });

    it('refuses an authenticating proxy without a password, an unknown mode, and a request missing a mandatory element', async () => {
      const authWithoutPassword = '<transportMode>2</transportMode><url/><httpHost>10.0.0.9</httpHost><httpPort>8080</httpPort><enableProxyAuthentication>true</enableProxyAuthentication><proxyUserName>u</proxyUserName>';
      expect((await axl.fault('doUpdateTransportSettings', authWithoutPassword)).faultstring).toBe(agentErrorRow('transportsettings.apply-failed').message);
      expect((await axl.fault('doUpdateTransportSettings', '<transportMode>Direct</transportMode><url/><httpHost/><httpPort/>')).faultstring).toBe(agentErrorRow('transportsettings.invalid-transport-mode').message);
      const missing = await axl.fault('doUpdateTransportSettings', '<transportMode>0</transportMode><url/><httpHost/>');
      expect(missing).toMatchObject({ faultcode: 'soapenv:Client', faultstring: 'Element httpPort is required in doUpdateTransportSettings', detail: { axlError: { axlcode: '-1' } } });
    });

    it('a satellite is reported as transport gateway (mode 1), then back to Direct', async () => {
      await axl.answer('doUpdateTransportSettings', '<transportMode>1</transportMode><url>https://ssm.example.com/SmartTransport</url><httpHost/><httpPort/>');
      expect((await axl.answer('getTransportSettings')).TransportSettings).toEqual({ transportmode: '1', transportGatewayUrl: 'https://ssm.example.com/SmartTransport', proxyAuthenticationEnabled: 'false' });
      await axl.answer('doUpdateTransportSettings', '<transportMode>0</transportMode><url>https://tools.cisco.com/its/service/oddce/services/DDCEService</url><httpHost/><httpPort/>');
    });
  });

  describe('registration', () => {
    it('doSmartLicenseRegister with an unknown token is a server fault carrying the mapping table message, axlError in the AXL namespace', async () => {
      const res = await axl.call('doSmartLicenseRegister', '<token>bogus</token><force>false</force>');
      expect(res.status).toBe(500);
      expect(res.text).toContain('<axl:axlError xmlns:axl="http://www.cisco.com/AXL/API/12.5">');
      const row = agentErrorRow('register.invalid-token');
      expect(await axl.fault('doSmartLicenseRegister', '<token>bogus</token><force>false</force>')).toEqual({
        faultcode: 'soapenv:Server',
        faultstring: row.message,
        detail: { axlError: { axlcode: '400', axlmessage: row.message, request: 'doSmartLicenseRegister' } },
      });
    });

    it('registers; getSmartLicenseStatus shows the account, Java-style dates and entitlements in compliance', async () => {
      expect(await axl.answer('doSmartLicenseRegister', '<token>token-a</token><force>false</force>')).toEqual({ return: 'Success' });
      const { Registration, Authorization, LicenseStatus } = (await axl.answer('getSmartLicenseStatus')).LicenseDetails;
      const instance = stub.cssm.state.instance('cucm-1/cucm-1-pub')!;
      expect(Registration).toMatchObject({
        Status: 'Registered',
        SmartAccount: 'sa.example.com',
        VirtualAccount: 'VA-a',
        LastRenewalStatus: 'SUCCEEDED',
        RegistrationExpires: javaDateOf(new Date(instance.registrationExpires).toISOString()),
        ExportControlFunctionality: 'NOT ALLOWED',
      });
      expect(Registration.LastRenewalAttempt).toMatch(JAVA_DATE);
      expect(Authorization).toMatchObject({ Status: 'Authorized', LastCommunicationStatus: 'SUCCEEDED', AuthorizationExpires: javaDateOf(new Date(instance.authorizationExpires).toISOString()) });
      expect(LicenseStatus.Entitlement).toEqual([{ Tag: expect.stringMatching(HCS_FOUNDATION_TAG), Count: '55', Status: 'InCompliance' }]);
    });

    it('registering again without force is refused with the "already registered" fault; a transport change too', async () => {
      const again = await axl.fault('doSmartLicenseRegister', '<token>token-a</token><force>f</force>');
      expect(again).toMatchObject({ faultstring: agentErrorRow('register.already-registered').message, detail: { axlError: { axlcode: '405' } } });
      const transport = await axl.fault('doUpdateTransportSettings', '<transportMode>0</transportMode><url/><httpHost/><httpPort/>');
      expect(transport.faultstring).toBe(agentErrorRow('transportsettings.not-allowed').message);
    });

    it('renews the registration and the authorization', async () => {
      expect(await axl.answer('doSmartLicenseRenewRegistration')).toEqual({ return: 'Success' });
      expect(await axl.answer('doSmartLicenseRenewAuthorization')).toEqual({ return: 'Success' });
      expect(stub.cssm.state.instance('cucm-1/cucm-1-pub')).toBeDefined();
      const registration = sut.clusters.get('cucm-1')!.nodes[0]!.agent!.registration!;
      expect(registration.lastRenewId).toBeDefined();
      expect(registration.lastRenewAuth).toBeDefined();
    });

    it('doSmartLicenseReRegister moves the product to the new token\'s virtual account', async () => {
      expect(await axl.answer('doSmartLicenseReRegister', '<token>token-b</token>')).toEqual({ return: 'Success' });
      expect(sut.clusters.get('cucm-1')!.nodes[0]!.agent!.registration!.virtualAccount).toBe('VA-b');
    });

    it('registered to a virtual account without the licenses, the product is Out of Compliance', async () => {
      await axl.answer('doSmartLicenseReRegister', '<token>token-empty</token>');
      const { Authorization, LicenseStatus } = (await axl.answer('getSmartLicenseStatus')).LicenseDetails;
      expect(Authorization.Status).toBe('Out of Compliance');
      expect(LicenseStatus.Entitlement).toEqual([{ Tag: expect.stringMatching(HCS_FOUNDATION_TAG), Count: '55', Status: 'OutOfCompliance' }]);
      await axl.answer('doSmartLicenseReRegister', '<token>token-b</token>');
    });

    it('a subscriber refuses to register with the subscriber fault', async () => {
      const fault = await axl.fault('doSmartLicenseRegister', '<token>token-a</token><force>true</force>', { address: ADDR.cucmSub });
      expect(fault.faultstring).toBe(agentErrorRow('register.subscriber-node').message);
    });

    it('listProcessNode names every node with its usage (the publisher among them), filtered by name', async () => {
      const all = await axl.answer('listProcessNode', '<searchCriteria><name>%</name></searchCriteria><returnedTags><name/><nodeUsage/></returnedTags>');
      expect(all.return.processNode).toEqual([
        { name: 'cucm-1-pub', nodeUsage: 'Publisher' },
        { name: 'cucm-1-sub', nodeUsage: 'Subscriber' },
      ]);
      const subs = await axl.answer('listProcessNode', '<searchCriteria><name>%-SUB</name></searchCriteria><returnedTags><name/></returnedTags>', { address: ADDR.cucmSub });
      expect(subs.return.processNode).toEqual([{ name: 'cucm-1-sub' }]);
    });

    it('doSmartLicenseDeRegister deregisters, and a second one faults with the deregister 405 message', async () => {
      expect(await axl.answer('doSmartLicenseDeRegister')).toEqual({ return: 'Success' });
      expect(stub.instanceCount()).toBe(0);
      expect((await axl.answer('getSmartLicenseStatus')).LicenseDetails.Registration.Status).toBe('Unregistered');
      expect((await axl.fault('doSmartLicenseDeRegister')).faultstring).toBe(agentErrorRow('deregister.not-allowed').message);
    });
  });

  describe('what AXL itself refuses', () => {
    it('an operation the simulator does not know, and a broken envelope, are client faults', async () => {
      expect(await axl.fault('listPhone')).toMatchObject({ faultcode: 'soapenv:Client', faultstring: expect.stringContaining('listPhone'), detail: { axlError: { axlcode: '-1' } } });
      const broken = await http.call(`${sut.nodeUrl(ADDR.cucmPub)}/axl/`, { method: 'POST', auth: ADMIN, headers: { 'content-type': 'text/xml' }, body: '<not-soap/>' });
      expect(broken.status).toBe(500);
      expect(broken.text).toContain('<faultcode>soapenv:Client</faultcode>');
    });

    it('answers only the schema versions the release offers, with the SOAPAction version matching the namespace', async () => {
      expect((await axl.fault('getSmartLicenseStatus', '', { version: '14.0' })).faultstring).toBe('AXL schema version 14.0 is not supported by this release');
      expect((await axl.fault('getSmartLicenseStatus', '', { version: '12.0' })).faultstring).toBe('Operation getSmartLicenseStatus does not exist in AXL schema 12.0');
      expect((await axl.fault('getSmartLicenseStatus', '', { soapAction: '"CUCM:DB ver=14.0 getSmartLicenseStatus"' })).faultstring).toContain('does not match');
      sut.clusters.add({
        id: 'cucm-14',
        name: 'cucm 14',
        type: 'cucm',
        version: '14.0.1',
        licenseMode: 'Enterprise',
        credentials: { admin: ADMIN, platform: PLATFORM },
        nodes: [{ hostname: 'cucm-14-pub', address: '127.77.0.91', publisher: true }],
      });
      const res = await axl.call('getSmartLicenseStatus', '', { version: '14.0', address: '127.77.0.91' });
      expect(res.text).toContain('<ns:getSmartLicenseStatusResponse xmlns:ns="http://www.cisco.com/AXL/API/14.0">');
      expect((await axl.call('getSmartLicenseStatus', '', { version: '12.5', address: '127.77.0.91' })).status).toBe(200);
    });

    it('AXL exists only on Unified CM nodes', async () => {
      expect((await axl.call('getSmartLicenseStatus', '', { address: ADDR.cucPub })).status).toBe(404);
    });

    it('counts each operation under its route id', () => {
      for (const route of ['register', 'reregister', 'deregister', 'renewRegistration', 'renewAuthorization', 'status', 'transport.get', 'transport', 'processNodes', 'other']) {
        expect({ route, calls: sut.calls.count(`cucm.axl.${route}`, 'cucm-1') > 0 }).toEqual({ route, calls: true });
      }
    });
  });
});
