import { Agent, request } from 'undici';
import { startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { isLoopback } from '../node-router.js';
import { closedPortUrl } from './fixtures/closed-port.fixture.js';
import { failureOf, httpClient } from './fixtures/http.fixture.js';
import { ADDR, ADMIN, PLATFORM, scenario } from './fixtures/scenario.fixture.js';

describe('one server for every node, routed by Host', () => {
  let sut: UcAppsSimulator;
  const http = httpClient();

  beforeAll(async () => {
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: await closedPortUrl() });
  });
  afterAll(async () => {
    await sut.close();
    await http.close();
  });

  it('a Host that names no node gets its connection reset, as an unreachable host', async () => {
    const failure = await failureOf(http.call(`${sut.nodeUrl('127.77.9.9')}/vmrest/smartlicense/licensedetails`, { auth: ADMIN }));
    expect(failure).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
  });

  it('a node provisioned by host name is reached through the Host header', async () => {
    await http.call(`${sut.url}/__admin/clusters`, {
      method: 'POST',
      body: {
        id: 'cuc-by-name',
        name: 'CUC by name',
        type: 'cuc',
        version: '12.5.1',
        licenseMode: 'Enterprise',
        credentials: { admin: ADMIN, platform: PLATFORM },
        nodes: [{ hostname: 'cuc-pub', address: 'cuc-pub.customer1.example.com', publisher: true }],
        usage: [{ license: 'CUC_BasicMessaging', count: 3 }],
      },
    });
    const res = await http.call(`${sut.url}/vmrest/smartlicense/licensedetails`, {
      auth: ADMIN,
      headers: { host: `CUC-PUB.customer1.example.com:${sut.port}` },
    });
    expect(res.status).toBe(200);
  });

  it('the admin API answers on any Host under /__admin/', async () => {
    const res = await http.call(`${sut.nodeUrl('127.77.9.9')}/__admin/clusters/cucm-1`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ id: 'cucm-1', type: 'cucm', licenseMode: 'HCS', rebooting: false, reportedUsage: [{ license: 'HCS Cisco UCM Foundation License', count: 55 }] });
  });

  it('admin: credentials change takes effect at once', async () => {
    const res = await http.call(`${sut.url}/__admin/clusters/cuc-1/credentials`, { method: 'PUT', body: { admin: { username: 'new', password: 'pw' } } });
    expect(res.status).toBe(200);
    expect((await http.call(`${sut.nodeUrl(ADDR.cucPub)}/vmrest/smartlicense/licensedetails`, { auth: ADMIN })).status).toBe(401);
    expect((await http.call(`${sut.nodeUrl(ADDR.cucPub)}/vmrest/smartlicense/licensedetails`, { auth: { username: 'new', password: 'pw' } })).status).toBe(200);
  });

  it('admin: license mode set without reboot, conditions, state summary, scenario replace', async () => {
    const mode = await http.call(`${sut.url}/__admin/clusters/cer-1/license-mode`, { method: 'PUT', body: { licenseMode: 'Enterprise' } });
    expect(mode.json()).toMatchObject({ licenseMode: 'Enterprise', rebooting: false });
    const conditions = await http.call(`${sut.url}/__admin/clusters/cer-1/conditions`, { method: 'PUT', body: { invalidTrustChain: true } });
    expect(conditions.json()).toEqual({ conditions: ['invalidTrustChain'] });
    expect((await http.call(`${sut.url}/__admin/state?cluster=cer-1`)).json()).toMatchObject({ licenseMode: 'Enterprise', conditions: ['invalidTrustChain'] });
    expect((await http.call(`${sut.url}/__admin/clusters/nope/conditions`, { method: 'PUT', body: {} })).status).toBe(404);
    expect((await http.call(`${sut.url}/__admin/scenario`, { method: 'POST', body: { clusters: [{ id: 'x' }] } })).status).toBe(400);
    expect((await http.call(`${sut.url}/__admin/scenario`, { method: 'POST', body: scenario() })).status).toBe(200);
    expect((await http.call(`${sut.url}/__admin/state`)).json()).toEqual({ clusters: 5, nodes: 10 });
  });

  it('only loopback peers are served', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.200.3.4')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
    expect(isLoopback('::ffff:192.168.1.1')).toBe(false);
  });
});

describe('TLS', () => {
  it('serves HTTPS with a self-signed certificate that clients trust through caPem', async () => {
    const sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: await closedPortUrl(), tls: true });
    const dispatcher = new Agent({ connect: { ca: sut.caPem } });
    try {
      expect(sut.url.startsWith('https://')).toBe(true);
      expect(sut.caPem).toContain('BEGIN CERTIFICATE');
      const res = await request(`${sut.nodeUrl(ADDR.cucPub)}/vmrest/smartlicense/licensedetails`, {
        dispatcher,
        headers: { authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`, accept: 'application/json' },
      });
      expect(res.statusCode).toBe(200);
      expect(((await res.body.json()) as { Register: { Status: string } }).Register.Status).toBe('Unregistered');
      const untrusted = await failureOf(request(`${sut.nodeUrl(ADDR.cucPub)}/vmrest/smartlicense/licensedetails`));
      expect(untrusted).toMatch(/CERT|SELF_SIGNED/);
    } finally {
      await dispatcher.close();
      await sut.close();
    }
  });
});
