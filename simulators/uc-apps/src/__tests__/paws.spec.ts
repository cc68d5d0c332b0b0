import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PAWS_PATH_PREFIX, startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { axlClient } from './fixtures/axl.fixture.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { failureOf, httpClient, type HttpAnswer } from './fixtures/http.fixture.js';
import { ADDR, ADMIN, PLATFORM, scenario } from './fixtures/scenario.fixture.js';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const PAWS = 'http://services.api.platform.vos.cisco.com';
const SERVICE_OF = { getDeploymentMode: 'DeploymentModeService', setDeploymentMode: 'DeploymentModeService', restartSystem: 'RestartSystemService', getRestartSystemStatus: 'RestartSystemStatusService' } as const;
type Operation = keyof typeof SERVICE_OF;

/** A SOAP 1.1 request with the WS-Addressing headers the PAWS reference asks for. */
const envelope11 = (operation: Operation, args: string[] = []) =>
  `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:ser="${PAWS}">` +
  `<soapenv:Header xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:Action>urn:${operation}</wsa:Action>` +
  `<wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>` +
  `<wsa:MessageID>uuid:26634481-3273-4a70-b537-ab4b874e4d6b</wsa:MessageID></soapenv:Header>` +
  `<soapenv:Body><ser:${operation}>${args.map((a, i) => `<ser:args${i}>${a}</ser:args${i}>`).join('')}</ser:${operation}></soapenv:Body></soapenv:Envelope>`;

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** The `<return>` children of an answer, or its fault. */
const answerOf = (res: HttpAnswer, operation: Operation) => {
  expect(XMLValidator.validate(res.text)).toBe(true);
  const body = parser.parse(res.text).Envelope.Body;
  return { ret: body[`${operation}Response`]?.return, fault: body.Fault };
};

const waitUntil = async (condition: () => Promise<boolean>): Promise<void> => {
  for (;;) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('PAWS: the deployment mode and the publisher restart', () => {
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

  const paws = (address: string, operation: Operation, args: string[] = [], auth = PLATFORM) =>
    http.call(`${sut.nodeUrl(address)}${PAWS_PATH_PREFIX}${SERVICE_OF[operation]}`, {
      method: 'POST',
      auth,
      headers: { 'content-type': 'text/xml; charset=UTF-8', soapaction: `"urn:${operation}"` },
      body: envelope11(operation, args),
    });
  const modeOf = async (address: string) => answerOf(await paws(address, 'getDeploymentMode'), 'getDeploymentMode').ret?.deploymentMode;
  const axl = axlClient(http, () => sut);
  /** Unified CM's entitlements as AXL's getSmartLicenseStatus lists them: [tag without its version suffix, count]. */
  const entitlements = async (): Promise<[string, string][]> =>
    (await axl.answer('getSmartLicenseStatus')).LicenseDetails.LicenseStatus.Entitlement.map((e: { Tag: string; Count: string }) => [e.Tag.split(',')[0], e.Count]);

  it('getDeploymentMode answers the mode with the platform credentials; other credentials get HTTP 401', async () => {
    const res = await paws(ADDR.cucmPub, 'getDeploymentMode');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(answerOf(res, 'getDeploymentMode').ret).toEqual({ result: 'internal.request.complete', deploymentMode: 'HCS' });
    expect(res.text).toContain('xsi:type="ax1:DeploymentModeResponse"');
    expect(await modeOf(ADDR.cucPub)).toBe('Enterprise');
    const refused = await paws(ADDR.cucmPub, 'getDeploymentMode', [], ADMIN);
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(sut.calls.count('paws.deployment-mode.get', 'cucm-1')).toBe(2);
  });

  it("answers the reference's own examples: a Body-less getDeploymentMode (SOAP 1.1) and setDeploymentMode in SOAP 1.2", async () => {
    const getExample =
      `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Header xmlns:wsa="http://www.w3.org/2005/08/addressing">` +
      `<wsa:Action> urn:getDeploymentMode </wsa:Action><wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>` +
      `<wsa:MessageID>uuid:26634481-3273-4a70-b537-ab4b874e4d6b</wsa:MessageID></soapenv:Header><soapenv:Body /></soapenv:Envelope>`;
    const get = await http.call(`${sut.nodeUrl(ADDR.cerPub)}${PAWS_PATH_PREFIX}DeploymentModeService`, { method: 'POST', auth: PLATFORM, headers: { 'content-type': 'text/xml' }, body: getExample });
    expect(answerOf(get, 'getDeploymentMode').ret).toEqual({ result: 'internal.request.complete', deploymentMode: 'HCS' });
    expect(get.text).toContain('<wsa:RelatesTo>uuid:26634481-3273-4a70-b537-ab4b874e4d6b</wsa:RelatesTo>');

    const setExample = `<soap:Envelope xmlns:soap="${SOAP12}" xmlns:ser="${PAWS}"> <soap:Header /> <soap:Body> <ser:setDeploymentMode> <ser:args0> Enterprise </ser:args0> </ser:setDeploymentMode> </soap:Body> </soap:Envelope>`;
    const set = await http.call(`${sut.nodeUrl(ADDR.cerPub)}${PAWS_PATH_PREFIX}DeploymentModeService.DeploymentModeServiceHttpsSoap12Endpoint/`, {
      method: 'POST',
      auth: PLATFORM,
      headers: { 'content-type': 'application/soap+xml; charset=UTF-8; action="urn:setDeploymentMode"' },
      body: setExample,
    });
    expect(set.status).toBe(200);
    expect(set.headers['content-type']).toContain('application/soap+xml');
    expect(set.text).toContain(`xmlns:soapenv="${SOAP12}"`);
    expect(answerOf(set, 'setDeploymentMode').ret).toEqual({ result: 'internal.request.complete', deploymentMode: '' });
    expect(set.text).toMatch(/<ax1:deploymentMode xsi:nil="true"\/>/);
    expect(await modeOf(ADDR.cerPub)).toBe('Enterprise');
  });

  it('setDeploymentMode is read back at once, but the licensing follows it only after restartSystem; the restart resets every node of the cluster', async () => {
    expect(answerOf(await paws(ADDR.cucmPub, 'setDeploymentMode', ['Enterprise']), 'setDeploymentMode').ret.result).toBe('internal.request.complete');
    expect(await modeOf(ADDR.cucmPub)).toBe('Enterprise');
    // The publisher still licenses in HCS mode until it restarts.
    expect((await entitlements())[0]![0]).toBe('regid.2016-07.com.cisco.HUCM_Foundation');
    expect(sut.clusters.get('cucm-1')!.licenseMode).toBe('HCS');

    // "does not return a response when successful, since the reboot occurs before the final response can be returned"
    expect(await failureOf(paws(ADDR.cucmPub, 'restartSystem'))).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    expect(await failureOf(paws(ADDR.cucmPub, 'getRestartSystemStatus'))).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    expect(await failureOf(axl.call('getSmartLicenseStatus', '', { address: ADDR.cucmSub }))).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    expect(await modeOf(ADDR.cerPub)).toBe('HCS');

    await waitUntil(async () => (await failureOf(paws(ADDR.cucmPub, 'getRestartSystemStatus'))) === 'NO_FAILURE');
    expect(answerOf(await paws(ADDR.cucmPub, 'getRestartSystemStatus'), 'getRestartSystemStatus').ret).toEqual({
      result: 'internal.request.complete',
      restartSystemStatus: 'internal.request.complete',
    });
    expect(await modeOf(ADDR.cucmPub)).toBe('Enterprise');
    // Unified CM reports its usage under the Enterprise entitlement tags now.
    expect(await entitlements()).toEqual([
      ['regid.2016-07.com.cisco.UCM_Enhanced', '50'],
      ['regid.2016-07.com.cisco.UCM_Basic', '5'],
    ]);
    expect(sut.calls.count('paws.restart', 'cucm-1')).toBe(1);
    expect(sut.calls.count('paws.deployment-mode.set', 'cucm-1')).toBe(1);
  });

  it('a restart without a mode change keeps the mode; a registered cluster reports its usage under the new license names after the restart', async () => {
    expect(await failureOf(paws(ADDR.cerPub, 'restartSystem'))).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    await waitUntil(async () => (await failureOf(paws(ADDR.cerPub, 'getDeploymentMode'))) === 'NO_FAILURE');
    expect(await modeOf(ADDR.cerPub)).toBe('HCS');

    await axl.answer('doSmartLicenseRegister', '<token>token-a</token><force>false</force>');
    expect(stub.instance('cucm-1/cucm-1-pub')!.usage).toEqual([{ license: 'HCS Cisco UCM Foundation License', count: 55 }]);
    await paws(ADDR.cucmPub, 'setDeploymentMode', ['Enterprise']);
    expect(stub.cssm.calls.count('agent.usage')).toBe(0);
    await failureOf(paws(ADDR.cucmPub, 'restartSystem'));
    await waitUntil(async () => stub.cssm.calls.count('agent.usage') > 0);
    expect(stub.instance('cucm-1/cucm-1-pub')!.licenseMode).toBe('Enterprise');
    expect(stub.instance('cucm-1/cucm-1-pub')!.usage).toEqual([
      { license: 'Enhanced', count: 50 },
      { license: 'Basic', count: 5 },
    ]);
  });

  it('with deploymentModeNotApplied the publisher comes back from its restart in the old mode', async () => {
    expect((await http.call(`${sut.url}/__admin/clusters/cuc-1/conditions`, { method: 'PUT', body: { deploymentModeNotApplied: true } })).status).toBe(200);
    await paws(ADDR.cucPub, 'setDeploymentMode', ['HCS']);
    expect(await modeOf(ADDR.cucPub)).toBe('HCS');
    await failureOf(paws(ADDR.cucPub, 'restartSystem'));
    await waitUntil(async () => (await failureOf(paws(ADDR.cucPub, 'getDeploymentMode'))) === 'NO_FAILURE');
    expect(await modeOf(ADDR.cucPub)).toBe('Enterprise');
    expect(sut.clusters.get('cuc-1')!.licenseMode).toBe('Enterprise');
  });

  it('a subscriber refuses with a failed result; a value other than Enterprise or HCS fails validation', async () => {
    for (const operation of ['getDeploymentMode', 'restartSystem', 'getRestartSystemStatus'] as const) {
      const refused = answerOf(await paws(ADDR.cucmSub, operation), operation).ret;
      expect(refused).toMatchObject({ result: 'internal.request.failed', remoteMessages: { error: 'true', messageKey: 'error.node.notprimary', messageParams: 'cluster.node.type.secondary' } });
    }
    expect(answerOf(await paws(ADDR.cucmSub, 'setDeploymentMode', ['Enterprise']), 'setDeploymentMode').ret.result).toBe('internal.request.failed');
    const invalid = answerOf(await paws(ADDR.cucmPub, 'setDeploymentMode', ['HCS-LE']), 'setDeploymentMode').ret;
    expect(invalid).toMatchObject({ result: 'internal.request.failed', remoteMessages: { messageKey: 'error.validation.invalid', messageParams: 'deploymentMode' } });
    expect(await modeOf(ADDR.cucmPub)).toBe('HCS');
    // Nothing restarted.
    expect(sut.clusters.get('cucm-1')!.rebootUntil).toBe(0);
    expect((await axl.call('getSmartLicenseStatus', '', { address: ADDR.cucmSub })).status).toBe(200);
  });

  it('bad requests get SOAP faults (HTTP 500); Expressway nodes and services the simulator lacks answer 404', async () => {
    const post = (body: string, path = 'DeploymentModeService', contentType = 'text/xml') =>
      http.call(`${sut.nodeUrl(ADDR.cucmPub)}${PAWS_PATH_PREFIX}${path}`, { method: 'POST', auth: PLATFORM, headers: { 'content-type': contentType }, body });
    const faultOf = (res: HttpAnswer) => {
      expect(res.status).toBe(500);
      return parser.parse(res.text).Envelope.Body.Fault;
    };
    expect(faultOf(await post('<not-soap/>'))).toMatchObject({ faultcode: 'soapenv:Client' });
    expect(faultOf(await post(envelope11('restartSystem')))).toMatchObject({ faultcode: 'soapenv:Client', faultstring: expect.stringContaining('Operation not found') });
    expect(faultOf(await post(envelope11('setDeploymentMode')))).toMatchObject({ faultstring: expect.stringContaining('args0') });
    expect(faultOf(await post(envelope11('getDeploymentMode').replace(PAWS, 'http://example.org')))).toMatchObject({ faultstring: expect.stringContaining('namespace') });
    expect(faultOf(await post(envelope11('getDeploymentMode').replace('urn:getDeploymentMode', 'urn:restartSystem')))).toMatchObject({ faultstring: expect.stringContaining('WSA Action') });
    const soap12 = faultOf(await post(`<soap:Envelope xmlns:soap="${SOAP12}"><soap:Body><x:nothing xmlns:x="${PAWS}"/></soap:Body></soap:Envelope>`, 'DeploymentModeService', 'application/soap+xml'));
    expect(soap12).toMatchObject({ Code: { Value: 'soapenv:Sender' }, Reason: { Text: expect.stringContaining('Operation not found') } });

    expect((await http.call(`${sut.nodeUrl(ADDR.expc1)}${PAWS_PATH_PREFIX}DeploymentModeService`, { method: 'POST', auth: PLATFORM, headers: { 'content-type': 'text/xml' }, body: envelope11('getDeploymentMode') })).status).toBe(404);
    expect((await post(envelope11('getDeploymentMode'), 'VersionService')).status).toBe(404);
  });

  it('faults and counts use the route ids paws.deployment-mode.get/set, paws.restart and paws.restart.status', async () => {
    sut.faults.add({ route: 'paws.deployment-mode.set', target: 'cer-1', kind: 'malformed', times: 1 });
    const malformed = await paws(ADDR.cerPub, 'setDeploymentMode', ['Enterprise']);
    expect(malformed.headers['content-type']).toContain('xml');
    expect(XMLValidator.validate(malformed.text)).not.toBe(true);
    sut.faults.add({ route: 'paws.restart*', target: 'cer-1', kind: 'status', status: 503, times: 2 });
    expect((await paws(ADDR.cerPub, 'restartSystem')).status).toBe(503);
    expect((await paws(ADDR.cerPub, 'getRestartSystemStatus')).status).toBe(503);
    expect(await modeOf(ADDR.cerPub)).toBe('HCS');
    expect(sut.calls.count('paws.deployment-mode.set', 'cer-1')).toBe(1);
    expect(sut.calls.count('paws.restart', 'cer-1')).toBe(1);
    expect(sut.calls.count('paws.restart.status', 'cer-1')).toBe(1);
    expect(sut.calls.count('paws.deployment-mode.get', 'cer-1')).toBe(1);
  });
});
