import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { SmartlicException } from '#libs/contracts';
import { startCssmSimulator, type CssmSimulator } from '#simulators/cssm';
import { startUcAppsSimulator, type UcAppsSimulator } from '#simulators/uc-apps';
import type { AppAdapterConfig } from '../../config/app-adapter.config.js';
import type { ClusterTarget } from '../cluster-target.js';
import { UcHttpClient } from '../http/uc-http.client.js';
import { CucDriver } from './cuc.driver.js';

const ADMIN = { username: 'cucadmin', password: 'admin-secret' };
const PLATFORM = { username: 'osadmin', password: 'platform-secret' };
const PROXY_PASSWORD = 'proxy-Secret-42';

/** The driver alone against the simulated Unity Connection over real HTTP: what it sends, what it returns. */
describe('Unity Connection driver against the simulated CUPI', () => {
  let cssm: CssmSimulator;
  let uc: UcAppsSimulator;
  let http: UcHttpClient;
  let sut: CucDriver;
  const logged: string[] = [];
  const sent: { path: string; body: string }[] = [];

  const target = (nodes: { hostname: string; address: string; publisher: boolean }[] = [
    { hostname: 'cuc-d-pub', address: '127.79.0.1', publisher: true },
    { hostname: 'cuc-d-sub', address: '127.79.0.2', publisher: false },
  ]): ClusterTarget => ({
    clusterId: 'cuc-d',
    applicationType: 'cuc',
    clusterType: 'cuc',
    version: '12.5.1',
    nodes: nodes.map((n) => ({ ...n, port: uc.port })),
    credentials: { admin: ADMIN, platform: PLATFORM },
    tls: null,
  });

  beforeAll(async () => {
    cssm = await startCssmSimulator({
      scenario: {
        smartAccounts: [
          {
            domain: 'sa.example.com',
            name: 'SA',
            virtualAccounts: [
              {
                name: 'va-a',
                tokens: [{ token: 'token-a' }],
                licenses: ['HCS Unity Connection Basic License', 'HCS Unity Connection Standard License'].map((license) => ({ license, licenseDetails: [{ quantity: 100 }] })),
              },
            ],
          },
        ],
      },
    });
    uc = await startUcAppsSimulator({
      cssmUrl: cssm.url,
      scenario: {
        clusters: [
          {
            id: 'cuc-d',
            name: 'cuc-d',
            type: 'cuc',
            version: '12.5.1',
            licenseMode: 'HCS',
            credentials: { admin: ADMIN, platform: PLATFORM },
            nodes: [
              { hostname: 'cuc-d-pub', address: '127.79.0.1', publisher: true },
              { hostname: 'cuc-d-sub', address: '127.79.0.2', publisher: false },
            ],
            usage: [{ license: 'CUC_BasicMessaging', count: 12 }, { license: 'CUC_EnhancedMessaging', count: 3 }],
          },
        ],
      },
    });
    const config = {
      CAA_HTTP_SCHEME: 'http',
      CAA_MAX_CONCURRENCY_PER_TYPE: 4,
      CAA_READ_RETRIES: 0,
      CAA_RETRY_BACKOFF_MS: 10,
      CAA_CONNECT_TIMEOUT_MS: 1000,
      CAA_REQUEST_TIMEOUT_MS: 3000,
    } as AppAdapterConfig;
    const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _e, done) => (logged.push(String(chunk)), done()) }));
    http = new UcHttpClient(config, logger);
    // Records every request body the driver sends (the wire, not a mock: the call still goes to the simulator).
    const send = http.send.bind(http);
    http.send = (t, node, req) => {
      sent.push({ path: req.path, body: req.body ?? '' });
      return send(t, node, req);
    };
    sut = new CucDriver(http);
  });
  afterAll(async () => {
    await http?.onModuleDestroy();
    await uc?.close();
    await cssm?.close();
  });

  it('sends the proxy credentials the transport settings carry, and never returns the password', async () => {
    const applied = await sut.setTransport(target(), { mode: 'Proxy', proxy: { host: 'proxy.example.com', port: 3128, username: 'James', password: PROXY_PASSWORD } });
    expect(applied).toEqual({ mode: 'Proxy', proxy: { host: 'proxy.example.com', port: 3128 } });
    expect(JSON.parse(sent.at(-1)!.body)).toEqual({ transportMode: '2', httpHost: 'proxy.example.com', httpPort: '3128', isProxyAuthReq: 'true', httpProxyUser: 'James', httpProxyPasswd: PROXY_PASSWORD });
    // The simulator keeps the password's SHA-256 only: the one the driver sent arrived.
    expect(uc.clusters.get('cuc-d')!.nodes[0]!.agent!.transport).toMatchObject({ mode: 1, proxyUser: 'James', proxyPasswordSha256: createHash('sha256').update(PROXY_PASSWORD).digest('hex') });
    const read = await sut.getTransport(target());
    expect(read).toEqual({ mode: 'Proxy', proxy: { host: 'proxy.example.com', port: 3128 } });
    expect(JSON.stringify([applied, read])).not.toContain(PROXY_PASSWORD);
    expect(logged.join('')).not.toContain(PROXY_PASSWORD);
  });

  it('a proxy without credentials turns proxy authentication off; satellite and Direct round-trip', async () => {
    await sut.setTransport(target(), { mode: 'Proxy', proxy: { host: '10.1.1.1', port: 8080 } });
    expect(uc.clusters.get('cuc-d')!.nodes[0]!.agent!.transport).toEqual({ mode: 1, proxyIp: '10.1.1.1', proxyPort: 8080 });
    const satellite = { mode: 'Satellite' as const, satelliteUrl: 'https://ssm-onprem.example.com/SmartTransport' };
    expect(await sut.setTransport(target(), satellite)).toEqual(satellite);
    expect(await sut.getTransport(target())).toEqual(satellite);
    expect(await sut.setTransport(target(), { mode: 'Direct' })).toEqual({ mode: 'Direct' });
  });

  it('registers on the publisher, reads the HCS usage under smartlic\'s license names, deregisters', async () => {
    expect((await sut.register(target(), 'token-a', false)).map((n) => n.hostname)).toEqual(['cuc-d-pub']);
    expect(JSON.parse(sent.at(-1)!.body)).toEqual({ token: 'token-a', force: 'false' });
    expect(await sut.status(target())).toMatchObject({ licenseMode: 'HCS', nodes: [{ hostname: 'cuc-d-pub', registrationStatus: 'registered', smartAccount: 'sa.example.com', virtualAccount: 'va-a', authorizationStatus: 'Authorized' }] });
    expect(await sut.licenseUsage(target())).toEqual({
      licenseMode: 'HCS',
      usage: [
        { license: 'HCS Unity Connection Basic License', count: 12, status: 'InCompliance' },
        { license: 'HCS Unity Connection Standard License', count: 3, status: 'InCompliance' },
      ],
    });
    await sut.renewId(target());
    await sut.renewAuth(target());
    await sut.deregister(target());
    expect((await sut.status(target())).nodes[0]!.registrationStatus).toBe('evaluation');
  });

  it('a node provisioned as publisher that the cluster lists as a subscriber is CAA1049; the real publisher\'s 405 keeps its row', async () => {
    const swapped = target([
      { hostname: 'cuc-d-sub', address: '127.79.0.2', publisher: true },
      { hostname: 'cuc-d-pub', address: '127.79.0.1', publisher: false },
    ]);
    const error = await sut.renewAuth(swapped).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmartlicException);
    expect((error as SmartlicException).toJSON()).toMatchObject({ code: 'CAA1049', details: { reportedPublisher: 'cuc-d-pub', mappingRow: 'renewAuth.not-allowed' } });
    expect(sent.at(-1)!.path).toBe('/vmrest/cluster');
    const unregistered = await sut.renewAuth(target()).catch((e: unknown) => e);
    expect((unregistered as SmartlicException).toJSON()).toMatchObject({ code: 'CAA1050', details: { mappingRow: 'renewAuth.not-allowed' } });
  });
});
