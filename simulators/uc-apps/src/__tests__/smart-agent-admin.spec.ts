import { startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { httpClient } from './fixtures/http.fixture.js';
import { scenario } from './fixtures/scenario.fixture.js';

/** The admin API's smart agent: what an operator does on the box itself, outside smartlic. */
describe('admin: the smart agent changed on the application itself', () => {
  let sut: UcAppsSimulator;
  let stub: Awaited<ReturnType<typeof startCssm>>;
  const http = httpClient();
  const agent = (cluster: string, path: string, body: unknown, method: 'POST' | 'PUT' = 'POST') => http.call(`${sut.url}/__admin/clusters/${cluster}/smart-agent${path}`, { method, body });
  const agents = async (cluster: string) => (await http.call(`${sut.url}/__admin/clusters/${cluster}`)).json().nodes.map((n: { hostname: string; smartAgent: { state: string; registration?: { virtualAccount: string } } | null }) => [n.hostname, n.smartAgent?.state ?? null, n.smartAgent?.registration?.virtualAccount ?? null]);

  beforeAll(async () => {
    stub = await startCssm({ 'token-va-a': 'VA-a', 'token-va-b': 'VA-b' });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url });
  });
  afterAll(async () => {
    await sut.close();
    await stub.close();
    await http.close();
  });

  it('registers the publisher\'s agent with CSSM, and deregisters it, as an operator on the box would', async () => {
    expect((await agent('cucm-1', '/register', { token: 'token-va-a' })).status).toBe(200);
    expect(await agents('cucm-1')).toEqual([['cucm-1-pub', 'REGISTERED', 'VA-a'], ['cucm-1-sub', null, null]]);
    expect(stub.instance('cucm-1/cucm-1-pub')).toMatchObject({ virtualAccount: 'VA-a' });
    const again = await agent('cucm-1', '/register', { token: 'token-va-a' });
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ error: 'REGISTER_FAILED', node: 'cucm-1-pub' });
    expect((await agent('cucm-1', '/deregister', {})).status).toBe(200);
    expect(await agents('cucm-1')).toEqual([['cucm-1-pub', 'DEREGISTERED', null], ['cucm-1-sub', null, null]]);
  });

  it('registers chosen Expressway nodes, each to the VA of its token', async () => {
    expect((await agent('expc-1', '/register', { token: 'token-va-a', nodes: ['expc-1-pub'] })).status).toBe(200);
    expect(await agents('expc-1')).toEqual([['expc-1-pub', 'REGISTERED', 'VA-a'], ['expc-1-sub', 'EVALUATION', null]]);
    expect((await agent('expc-1', '/register', { token: 'token-va-b', nodes: ['expc-1-sub'] })).status).toBe(200);
    expect(await agents('expc-1')).toEqual([['expc-1-pub', 'REGISTERED', 'VA-a'], ['expc-1-sub', 'REGISTERED', 'VA-b']]);
  });

  it('sets what the agents report without CSSM (a registration expired, or removed in CSSM)', async () => {
    const expired = await agent('cer-1', '', { state: 'REGISTERED', registration: { smartAccount: 'SA', virtualAccount: 'VA-x', registrationExpires: '2020-01-01T00:00:00Z' } }, 'PUT');
    expect(expired.status).toBe(200);
    expect(expired.json().agents[0]).toMatchObject({ hostname: 'cer-1-pub', state: 'REGISTERED', registration: { virtualAccount: 'VA-x', registrationExpires: '2020-01-01T00:00:00Z' } });
    expect(stub.instance('cer-1/cer-1-pub')).toBeUndefined();
    expect((await agent('cer-1', '', { state: 'EVALUATION' }, 'PUT')).json().agents[0]).toMatchObject({ state: 'EVALUATION' });
  });

  it('names the bad field, an unknown node, an unknown cluster', async () => {
    expect((await agent('cer-1', '', { state: 'REGISTERED' }, 'PUT')).status).toBe(400);
    expect((await agent('cer-1', '/register', {})).json()).toMatchObject({ issues: [expect.stringMatching(/^token: /)] });
    expect((await agent('cer-1', '/register', { token: 't', nodes: ['cer-1-sub'] })).json()).toMatchObject({ issues: ['not an agent node of cer-1: cer-1-sub'] });
    expect((await agent('nope', '/deregister', {})).status).toBe(404);
  });
});
