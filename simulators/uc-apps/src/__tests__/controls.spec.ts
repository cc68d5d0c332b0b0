import { startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { axlClient } from './fixtures/axl.fixture.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { failureOf, httpClient } from './fixtures/http.fixture.js';
import { ADDR, ADMIN, PLATFORM, scenario } from './fixtures/scenario.fixture.js';

describe('fault injection, latency and call counts per route and cluster', () => {
  let stub: Awaited<ReturnType<typeof startCssm>>;
  let sut: UcAppsSimulator;
  const http = httpClient();

  beforeAll(async () => {
    stub = await startCssm({ 'token-a': 'VA-a' });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url });
  });
  afterEach(async () => {
    sut.faults.clear();
    sut.latency.clear();
    sut.calls.reset();
  });
  afterAll(async () => {
    await sut.close();
    await stub.close();
    await http.close();
  });

  const cucRegister = () =>
    http.call(`${sut.nodeUrl(ADDR.cucPub)}/vmrest/smartlicense/register`, { method: 'PUT', auth: ADMIN, body: { token: 'token-a', force: true } });
  const cucDetails = () => http.call(`${sut.nodeUrl(ADDR.cucPub)}/vmrest/smartlicense/licensedetails`, { auth: ADMIN });
  const addFault = (fault: Record<string, unknown>) => http.call(`${sut.url}/__admin/faults`, { method: 'POST', body: fault });
  const cucmStatus = () => axlClient(http, () => sut).call('getSmartLicenseStatus');

  it('status: the route answers the injected status for the target cluster only, `times` times', async () => {
    expect((await addFault({ route: 'cuc.licensedetails', target: 'cuc-1', kind: 'status', status: 503, body: { code: 'DOWN' }, times: 1 })).status).toBe(201);
    const faulty = await cucDetails();
    expect(faulty.status).toBe(503);
    expect(faulty.json()).toEqual({ code: 'DOWN' });
    expect((await cucDetails()).status).toBe(200);
  });

  it('status faults target one cluster: other clusters on the same route are untouched', async () => {
    sut.faults.add({ route: 'cucm.axl.status', target: 'another-cluster', kind: 'status', status: 500 });
    expect((await cucmStatus()).status).toBe(200);
  });

  it('delay: the request is answered normally after the delay', async () => {
    sut.faults.add({ route: 'cuc.register', target: 'cuc-1', kind: 'delay', delayMs: 50, times: 1 });
    expect((await cucRegister()).status).toBe(200);
  });

  it('reset: the connection is destroyed', async () => {
    sut.faults.add({ route: 'expressway.status', target: 'expc-1', kind: 'reset', times: 1 });
    const failure = await failureOf(http.call(`${sut.nodeUrl(ADDR.expc1)}/api/v1/status/common/smartlicensing/licensing`, { auth: ADMIN }));
    expect(failure).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
  });

  it('malformed: an AXL answer that is not well-formed XML', async () => {
    sut.faults.add({ route: 'cucm.axl.status', target: 'cucm-1', kind: 'malformed', times: 1 });
    const res = await http.call(`${sut.nodeUrl(ADDR.cucmPub)}/axl/`, {
      method: 'POST',
      auth: ADMIN,
      headers: { 'content-type': 'text/xml' },
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/12.5"><soapenv:Body><ns:getSmartLicenseStatus/></soapenv:Body></soapenv:Envelope>',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('xml');
    expect(res.text).not.toContain('</soapenv:Envelope>');
  });

  it('timeout: the request is never answered (the client gives up)', async () => {
    sut.faults.add({ route: 'paws.deployment-mode.get', target: 'cer-1', kind: 'timeout', times: 1 });
    const pending = failureOf(
      http.call(`${sut.nodeUrl(ADDR.cerPub)}/platform-services/services/DeploymentModeService`, {
        method: 'POST',
        auth: PLATFORM,
        headers: { 'content-type': 'text/xml' },
        body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="http://services.api.platform.vos.cisco.com"><soapenv:Body><ser:getDeploymentMode/></soapenv:Body></soapenv:Envelope>',
      }),
    );
    // Whatever the machine's speed, a hung request is still pending after a while (close() drops it later).
    const raced = await Promise.race([pending, new Promise<string>((resolve) => setTimeout(() => resolve('STILL_PENDING'), 200))]);
    expect(raced).toBe('STILL_PENDING');
    expect(sut.calls.count('paws.deployment-mode.get', 'cer-1')).toBe(1);
  });

  it('rate limit: with one request in flight and maxConcurrent 1, the next is refused with 429', async () => {
    expect((await http.call(`${sut.url}/__admin/limits`, { method: 'PUT', body: { maxConcurrent: 1 } })).status).toBe(200);
    try {
      sut.faults.add({ route: 'cucm.axl.status', target: 'cucm-1', kind: 'timeout', times: 1 });
      void failureOf(cucmStatus());
      await new Promise<void>((resolve) => {
        const poll = () => (sut.calls.count('cucm.axl.status', 'cucm-1') > 0 ? resolve() : setTimeout(poll, 10));
        poll();
      });
      const refused = await cucDetails();
      expect(refused.status).toBe(429);
      expect(refused.json().code).toBe('TOO_MANY_REQUESTS');
    } finally {
      await http.call(`${sut.url}/__admin/limits`, { method: 'PUT', body: {} });
    }
  });

  it('call counts per route and cluster: "registered exactly once"', async () => {
    await cucRegister();
    await cucDetails();
    await cucDetails();
    expect(sut.calls.count('cuc.register', 'cuc-1')).toBe(1);
    expect(sut.calls.count('cuc.licensedetails', 'cuc-1')).toBe(2);
    const admin = await http.call(`${sut.url}/__admin/calls`);
    expect(admin.json().calls['cuc.register']).toEqual({ total: 1, targets: { 'cuc-1': 1 } });
  });

  it('latency rules apply per route glob without changing the answer', async () => {
    const res = await http.call(`${sut.url}/__admin/latency`, { method: 'PUT', body: { rules: [{ route: 'cuc.*', fixedMs: 20 }] } });
    expect(res.status).toBe(200);
    expect((await cucDetails()).status).toBe(200);
    expect(sut.latency.delayFor('cuc.licensedetails')).toBe(20);
    expect(sut.latency.delayFor('cucm.axl.status')).toBe(0);
  });
});
