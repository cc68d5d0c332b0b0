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

  describe('the clustering configuration', () => {
    const PEERS = '/api/v1/provisioning/common/cluster/peers';
    const peers = (address: string) => http.call(`${sut.nodeUrl(address)}${PEERS}`, { auth: ADMIN });
    const setPeers = (clusterId: string, value: string[] | null) => http.call(`${sut.url}/__admin/clusters/${clusterId}/clustering`, { method: 'PUT', body: { peers: value } });

    it('every peer answers the cluster\'s peers, by default its nodes', async () => {
      for (const address of [ADDR.expc1, ADDR.expc2]) {
        const res = await peers(address);
        expect(res.status).toBe(200);
        expect(res.json()).toEqual([{ PeerAddress: ADDR.expc1 }, { PeerAddress: ADDR.expc2 }]);
      }
      expect((await http.call(`${sut.nodeUrl(ADDR.expc1)}/api/provisioning/common/cluster/peers`, { auth: ADMIN })).status).toBe(200);
      expect((await http.call(`${sut.nodeUrl(ADDR.expc1)}${PEERS}`, { auth: { username: 'admin', password: 'x' } })).status).toBe(401);
      expect((await http.call(`${sut.nodeUrl(ADDR.cucPub)}${PEERS}`, { auth: ADMIN })).status).toBe(404);
    });

    it('the admin API sets it apart from the nodes, empties it (no clustering configuration) and resets it', async () => {
      const set = await setPeers('expc-1', [ADDR.expc1, ADDR.expc2, '127.77.0.33']);
      expect(set.json()).toEqual({ clusterPeers: [ADDR.expc1, ADDR.expc2, '127.77.0.33'] });
      expect((await peers(ADDR.expc2)).json()).toEqual([{ PeerAddress: ADDR.expc1 }, { PeerAddress: ADDR.expc2 }, { PeerAddress: '127.77.0.33' }]);
      expect((await setPeers('expc-1', [])).status).toBe(200);
      expect((await peers(ADDR.expc1)).json()).toEqual([]);
      expect((await http.call(`${sut.url}/__admin/clusters/expc-1`)).json().clusterPeers).toEqual([]);
      await setPeers('expc-1', null);
      expect((await peers(ADDR.expc1)).json()).toHaveLength(2);
      expect((await setPeers('cuc-1', [])).status).toBe(400);
      expect((await http.call(`${sut.url}/__admin/clusters/expc-1/clustering`, { method: 'PUT', body: { peers: 'x' } })).status).toBe(400);
    });

    it('a scenario can give an Expressway cluster its own peers, not another type', async () => {
      const base = scenario().clusters!.find((c) => c.id === 'expe-1')!;
      const added = await http.call(`${sut.url}/__admin/clusters`, { method: 'POST', body: { ...base, id: 'expe-2', nodes: [{ hostname: 'expe-2-a', address: '127.77.0.51', publisher: true }], clusterPeers: ['127.77.0.51', 'expe-2-b.example.com'] } });
      expect(added.status).toBe(201);
      expect((await peers('127.77.0.51')).json()).toEqual([{ PeerAddress: '127.77.0.51' }, { PeerAddress: 'expe-2-b.example.com' }]);
      const cuc = scenario().clusters!.find((c) => c.id === 'cuc-1')!;
      const refused = await http.call(`${sut.url}/__admin/clusters`, { method: 'POST', body: { ...cuc, id: 'cuc-9', nodes: [{ hostname: 'cuc-9', address: '127.77.0.61', publisher: true }], clusterPeers: [] } });
      expect(refused.status).toBe(400);
    });
  });

  it('wrong credentials answer 401', async () => {
    const res = await http.call(`${sut.nodeUrl(ADDR.expc1)}${STATUS}`, { auth: { username: 'admin', password: 'x' } });
    expect(res.status).toBe(401);
  });
});
