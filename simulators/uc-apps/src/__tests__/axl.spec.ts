import { agentErrorRow } from '#simulators/common';
import { XMLParser } from 'fast-xml-parser';
import { startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { httpClient } from './fixtures/http.fixture.js';
import { ADDR, ADMIN, scenario } from './fixtures/scenario.fixture.js';

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, isArray: (name) => name === 'Entitlement' });

const envelope = (operation: string, inner = ''): string =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/12.5">` +
  `<soapenv:Header/><soapenv:Body><ns:${operation}>${inner}</ns:${operation}></soapenv:Body></soapenv:Envelope>`;

describe('Unified CM AXL smart-licensing operations', () => {
  let stub: Awaited<ReturnType<typeof startCssm>>;
  let sut: UcAppsSimulator;
  const http = httpClient();

  beforeAll(async () => {
    stub = await startCssm({ 'token-a': 'VA-a', 'token-b': 'VA-b', 'token-empty': 'VA-empty' }, { withoutLicenses: ['VA-empty'] });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url });
  });
  afterAll(async () => {
    await sut.close();
    await stub.close();
    await http.close();
  });

  const axl = (operation: string, inner = '', options: { address?: string; password?: string } = {}) =>
    http.call(`${sut.nodeUrl(options.address ?? ADDR.cucmPub)}/axl/`, {
      method: 'POST',
      auth: { username: ADMIN.username, password: options.password ?? ADMIN.password },
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"CUCM:DB ver=12.5 ${operation}"` },
      body: envelope(operation, inner),
    });

  const fault = (text: string) => parser.parse(text).Envelope.Body.Fault;

  it('getSmartLicenseStatus holds LicenseDetails directly (no <return>), unregistered at first', async () => {
    const res = await axl('getSmartLicenseStatus');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    const response = parser.parse(res.text).Envelope.Body.getSmartLicenseStatusResponse;
    expect(response.return).toBeUndefined();
    expect(response.LicenseDetails).toMatchObject({ LicenseMode: 'HCS', Registration: { Status: 'Unregistered', State: 'EVALUATION' }, Authorization: { Status: 'Evaluation Mode' } });
  });

  it('bad credentials answer HTTP 401 with an HTML page, not a SOAP fault', async () => {
    const res = await axl('getSmartLicenseStatus', '', { password: 'nope' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['www-authenticate']).toContain('Basic');
    expect(res.text).toContain('401');
  });

  it('doSmartLicenseRegister with an unknown token is a SOAP fault carrying the mapping table message', async () => {
    const res = await axl('doSmartLicenseRegister', '<token>bogus</token><force>false</force>');
    expect(res.status).toBe(500);
    const row = agentErrorRow('register.invalid-token');
    expect(fault(res.text)).toEqual({
      faultcode: 'soapenv:Client',
      faultstring: row.message,
      detail: { axlError: { axlcode: '400', axlmessage: row.message, request: 'doSmartLicenseRegister' } },
    });
  });

  it('doSmartLicenseRegister registers; getSmartLicenseStatus shows Registered, SA/VA, expiries and entitlement counts', async () => {
    const res = await axl('doSmartLicenseRegister', '<token>token-a</token><force>false</force>');
    expect(res.status).toBe(200);
    expect(parser.parse(res.text).Envelope.Body.doSmartLicenseRegisterResponse).toEqual({ return: 'Success' });
    const details = parser.parse((await axl('getSmartLicenseStatus')).text).Envelope.Body.getSmartLicenseStatusResponse.LicenseDetails;
    const instance = stub.cssm.state.instance('cucm-1/cucm-1-pub')!;
    expect(details.Registration).toMatchObject({ Status: 'Registered', SmartAccountName: 'sa.example.com', VirtualAccountName: 'VA-a', RegistrationExpires: new Date(instance.registrationExpires).toISOString() });
    expect(details.Authorization).toMatchObject({ Status: 'Authorized', AuthorizationExpires: new Date(instance.authorizationExpires).toISOString() });
    expect(details.LicenseStatus.Entitlement).toEqual([{ Name: 'HCS Cisco UCM Foundation License', Count: '55', Status: 'Authorized' }]);
  });

  it('the registration status text sits at LicenseDetails[1][0], where public clients read it', async () => {
    const res = await axl('getSmartLicenseStatus');
    const details = /<LicenseDetails>(.*)<\/LicenseDetails>/.exec(res.text)![1]!;
    expect(details).toMatch(/^<LicenseMode>[^<]*<\/LicenseMode><Registration><Status>Registered<\/Status>/);
  });

  it('registering again without force is refused with the "already registered" fault', async () => {
    const res = await axl('doSmartLicenseRegister', '<token>token-a</token><force>false</force>');
    const row = agentErrorRow('register.already-registered');
    expect(fault(res.text)).toMatchObject({ faultstring: row.message, detail: { axlError: { axlcode: '405' } } });
  });

  it('doSmartLicenseReRegister moves the product to the new token\'s virtual account', async () => {
    expect((await axl('doSmartLicenseReRegister', '<token>token-b</token>')).status).toBe(200);
    expect(sut.clusters.get('cucm-1')!.nodes[0]!.agent!.registration!.virtualAccount).toBe('VA-b');
  });

  it('registered to a virtual account without the licenses, the cluster is Out of Compliance', async () => {
    expect((await axl('doSmartLicenseReRegister', '<token>token-empty</token>')).status).toBe(200);
    const details = parser.parse((await axl('getSmartLicenseStatus')).text).Envelope.Body.getSmartLicenseStatusResponse.LicenseDetails;
    expect(details.Authorization.Status).toBe('Out of Compliance');
    expect(details.LicenseStatus.Entitlement).toEqual([{ Name: 'HCS Cisco UCM Foundation License', Count: '55', Status: 'Out of Compliance' }]);
    expect((await axl('doSmartLicenseReRegister', '<token>token-b</token>')).status).toBe(200);
  });

  it('a subscriber refuses to register with the subscriber fault', async () => {
    const res = await axl('doSmartLicenseRegister', '<token>token-a</token><force>true</force>', { address: ADDR.cucmSub });
    expect(fault(res.text).faultstring).toBe(agentErrorRow('register.subscriber-node').message);
  });

  it('doSmartLicenseDeRegister deregisters, and a second one faults with the deregister 405 message', async () => {
    expect((await axl('doSmartLicenseDeRegister')).status).toBe(200);
    expect(stub.instanceCount()).toBe(0);
    const again = await axl('doSmartLicenseDeRegister');
    expect(fault(again.text).faultstring).toBe(agentErrorRow('deregister.not-allowed').message);
  });

  it('an operation the simulator does not know is a client fault; a broken envelope too', async () => {
    expect(fault((await axl('listPhone')).text).faultstring).toContain('listPhone');
    const broken = await http.call(`${sut.nodeUrl(ADDR.cucmPub)}/axl/`, { method: 'POST', auth: ADMIN, headers: { 'content-type': 'text/xml' }, body: '<not-soap/>' });
    expect(broken.status).toBe(500);
    expect(fault(broken.text).faultcode).toBe('soapenv:Client');
  });

  it('AXL exists only on Unified CM nodes', async () => {
    const res = await axl('getSmartLicenseStatus', '', { address: ADDR.cucPub });
    expect(res.status).toBe(404);
  });
});
