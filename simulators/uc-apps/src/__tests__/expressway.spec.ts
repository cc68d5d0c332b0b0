import { agentErrorRow } from '#simulators/common';
import { startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { expresswayDate } from '../expressway-date.js';
import { httpClient } from './fixtures/http.fixture.js';
import { ADDR, ADMIN, scenario } from './fixtures/scenario.fixture.js';

const STATUS = '/api/v1/status/common/smartlicensing/licensing';
const PROVISIONING = '/api/provisioning/common/smartlicensing';
const EXPRESSWAY_DATE = /^[A-Z][a-z]+, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe('Expressway smart licensing registers per node', () => {
  let stub: Awaited<ReturnType<typeof startCssm>>;
  let sut: UcAppsSimulator;
  const http = httpClient();

  beforeEach(async () => {
    stub = await startCssm({ 'token-va-a': 'VA-a', 'token-va-b': 'VA-b' });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url });
  });
  afterEach(async () => {
    await sut.close();
    await stub.close();
  });
  afterAll(() => http.close());

  const status = (address: string) => http.call(`${sut.nodeUrl(address)}${STATUS}`, { auth: ADMIN });
  const register = (address: string, Token: string, Reregister: 'Yes' | 'No' = 'No') =>
    http.call(`${sut.nodeUrl(address)}${PROVISIONING}/registration`, { method: 'POST', auth: ADMIN, body: { Token, Reregister } });

  it('an unregistered node reports the documented shape with UNREGISTERED', async () => {
    const res = await status(ADDR.expc1);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      ExportControlledFunctionality: 'False',
      VirtualAccount: '',
      SmartAccount: '',
      Authorization: { LicenseAuthorizationStatus: 'EVALUATION MODE', AuthorizationExpires: '', NextAuthorizationAttempt: '', LastAuthorizationAttempt: '' },
      Registration: { RegistrationStatus: 'UNREGISTERED', InitialRegistration: '', RegistrationExpires: '', NextRenewalAttempt: '' },
    });
  });

  it('registering node 1 only leaves the cluster partially registered', async () => {
    const res = await register(ADDR.expc1, 'token-va-a');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ Message: 'The operation was successful' });
    const node1 = (await status(ADDR.expc1)).json();
    expect(node1).toMatchObject({ SmartAccount: 'sa.example.com', VirtualAccount: 'VA-a', Registration: { RegistrationStatus: 'REGISTERED' }, Authorization: { LicenseAuthorizationStatus: 'AUTHORIZED' } });
    expect(node1.Registration.InitialRegistration).toMatch(EXPRESSWAY_DATE);
    expect(node1.Registration.RegistrationExpires).toBe(expresswayDate(new Date(stub.cssm.state.instance('expc-1/expc-1-pub')!.registrationExpires).toISOString()));
    expect(node1.Authorization.AuthorizationExpires).toMatch(EXPRESSWAY_DATE);
    expect((await status(ADDR.expc2)).json().Registration.RegistrationStatus).toBe('UNREGISTERED');
    expect(stub.instance('expc-1/expc-1-pub')).toMatchObject({ productType: 'expressway', virtualAccount: 'VA-a' });
  });

  it('two nodes registered with tokens of different virtual accounts: the cluster is on several VAs', async () => {
    expect((await register(ADDR.expc1, 'token-va-a')).status).toBe(200);
    expect((await register(ADDR.expc2, 'token-va-b')).status).toBe(200);
    expect((await status(ADDR.expc1)).json().VirtualAccount).toBe('VA-a');
    expect((await status(ADDR.expc2)).json().VirtualAccount).toBe('VA-b');
    expect(stub.instance('expc-1/expc-1-pub')?.virtualAccount).toBe('VA-a');
    expect(stub.instance('expc-1/expc-1-sub')?.virtualAccount).toBe('VA-b');
  });

  it('registering a registered node needs Reregister "Yes"', async () => {
    await register(ADDR.expe1, 'token-va-a');
    const refused = await register(ADDR.expe1, 'token-va-b');
    expect(refused.status).toBe(405);
    expect(refused.json()).toEqual({ Message: agentErrorRow('register.already-registered').message, Code: 'METHOD_NOT_ALLOWED' });
    expect((await register(ADDR.expe1, 'token-va-b', 'Yes')).status).toBe(200);
    expect((await status(ADDR.expe1)).json().VirtualAccount).toBe('VA-b');
  });

  it('an invalid token answers the invalid-token row', async () => {
    const res = await register(ADDR.expc1, 'nope');
    expect(res.status).toBe(400);
    expect(res.json().Message).toBe(agentErrorRow('register.invalid-token').message);
  });

  it('deregistration of one node releases only that node', async () => {
    await register(ADDR.expc1, 'token-va-a');
    await register(ADDR.expc2, 'token-va-a');
    const res = await http.call(`${sut.nodeUrl(ADDR.expc2)}${PROVISIONING}/deregistration`, { method: 'POST', auth: ADMIN, body: {} });
    expect(res.json()).toEqual({ Message: 'The operation was successful' });
    expect(stub.instance('expc-1/expc-1-pub')).toBeDefined();
    expect(stub.instance('expc-1/expc-1-sub')).toBeUndefined();
    const again = await http.call(`${sut.nodeUrl(ADDR.expc2)}${PROVISIONING}/deregistration`, { method: 'POST', auth: ADMIN, body: {} });
    expect(again.status).toBe(405);
  });

  it('renewal and transport settings per node', async () => {
    const transport = `${sut.nodeUrl(ADDR.expc1)}${PROVISIONING}/transport`;
    expect((await http.call(transport, { method: 'PUT', auth: ADMIN, body: { Mode: 1, ProxyIp: '10.0.0.9', ProxyPort: 8080 } })).status).toBe(200);
    expect((await http.call(transport, { auth: ADMIN })).json()).toEqual({ Mode: 1, ProxyIp: '10.0.0.9', ProxyPort: 8080 });
    const bad = await http.call(transport, { method: 'PUT', auth: ADMIN, body: { Mode: 1, ProxyIp: '10.0.0.9', ProxyPort: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.json().Message).toBe(agentErrorRow('transportsettings.invalid-proxy-port').message);
    await register(ADDR.expc1, 'token-va-a');
    const renewal = `${sut.nodeUrl(ADDR.expc1)}${PROVISIONING}/renewal`;
    expect((await http.call(renewal, { method: 'POST', auth: ADMIN, body: { Type: 'Authorization' } })).status).toBe(200);
    expect((await http.call(renewal, { method: 'POST', auth: ADMIN, body: { Type: 'ID' } })).status).toBe(200);
    expect((await http.call(transport, { method: 'PUT', auth: ADMIN, body: { Mode: 0 } })).status).toBe(405);
  });

  it('wrong credentials answer 401', async () => {
    const res = await http.call(`${sut.nodeUrl(ADDR.expc1)}${STATUS}`, { auth: { username: 'admin', password: 'x' } });
    expect(res.status).toBe(401);
  });
});
