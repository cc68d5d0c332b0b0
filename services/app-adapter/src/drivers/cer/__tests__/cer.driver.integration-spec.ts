import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { SmartlicException } from '#libs/contracts';
import { agentErrorRow } from '#simulators/common';
import { startCssmSimulator, type CssmSimulator } from '#simulators/cssm';
import { startUcAppsSimulator, type UcAppsSimulator, type UcClusterInput } from '#simulators/uc-apps';
import type { AppAdapterConfig } from '../../../config/app-adapter.config.js';
import type { ClusterTarget } from '../../cluster-target.js';
import { UcHttpClient } from '../../http/uc-http.client.js';
import { PlatformCliClient } from '../../ssh/platform-cli.client.js';
import type { PlatformHostKey, PlatformHostKeyRepository } from '../../ssh/platform-host-key.repository.js';
import { CerDriver } from '../cer.driver.js';

const PLATFORM = { username: 'osadmin', password: 'platform-secret' };
const TOKEN = 'token-va-a';
const PROXY_PASSWORD = 'pr0xy-s3cret';

const cerCluster = (id: string, block: number): UcClusterInput => ({
  id,
  customerId: 'customer-1',
  name: `${id} name`,
  type: 'cer',
  version: '12.5.1',
  licenseMode: 'HCS',
  credentials: { admin: { username: 'ccmadmin', password: 'admin-secret' }, platform: PLATFORM },
  nodes: [
    { hostname: `${id}-pub`, address: `127.79.${block}.1`, publisher: true },
    { hostname: `${id}-sub`, address: `127.79.${block}.2`, publisher: false },
  ],
  usage: [{ license: 'CER_USER', count: 20 }],
});

const CER = cerCluster('cer-drv', 1);
const OTHER = cerCluster('cer-drv-2', 2);

/** The host keys the client remembers, in memory (the Postgres store is covered by the app-adapter specs). */
class MemoryHostKeys {
  readonly keys = new Map<string, PlatformHostKey>();
  async remember(presented: PlatformHostKey): Promise<PlatformHostKey> {
    const key = `${presented.address}:${presented.port}`;
    if (!this.keys.has(key)) this.keys.set(key, presented);
    return this.keys.get(key)!;
  }
}

const failure = async (p: Promise<unknown>): Promise<SmartlicException> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof SmartlicException) return e;
    throw e;
  }
  throw new Error('expected the operation to fail');
};

describe('Emergency Responder driver: the platform CLI over SSH with the platform credentials', () => {
  let cssm: CssmSimulator;
  let sim: UcAppsSimulator;
  let hostKeys: MemoryHostKeys;
  let client: PlatformCliClient;
  let sut: CerDriver;
  let logs: string[];
  let logger: Logger;

  const configOf = (sshPort: number, overrides: Partial<AppAdapterConfig> = {}): AppAdapterConfig =>
    ({
      CAA_SSH_PORT: sshPort,
      CAA_SSH_IDLE_TIMEOUT_MS: 60_000,
      CAA_SSH_MAX_SESSIONS: 100,
      CAA_SSH_HOST_KEYS: 'remember',
      CAA_SSH_LOGIN_TIMEOUT_MS: 2000,
      CAA_REQUEST_TIMEOUT_MS: 1500,
      CAA_MAX_CONCURRENCY_PER_TYPE: 4,
      CAA_READ_RETRIES: 2,
      CAA_RETRY_BACKOFF_MS: 10,
      CAA_HTTP_SCHEME: 'http',
      ...overrides,
    }) as AppAdapterConfig;

  const target = (cluster: UcClusterInput, overrides: Partial<ClusterTarget> = {}): ClusterTarget => ({
    clusterId: cluster.id,
    applicationType: 'cer',
    clusterType: 'cer',
    version: cluster.version,
    nodes: cluster.nodes.map((n) => ({ hostname: n.hostname, address: n.address, port: sim.port, publisher: n.publisher })),
    credentials: { platform: PLATFORM },
    tls: null,
    ...overrides,
  });
  const sessions = (cluster: UcClusterInput = CER) => sim.calls.count('cer.ssh.session', cluster.id);
  const agentOf = (cluster: UcClusterInput = CER) => sim.clusters.get(cluster.id)!.nodes[0]!.agent;

  beforeAll(async () => {
    cssm = await startCssmSimulator({
      scenario: {
        smartAccounts: [
          {
            domain: 'sa.example.com',
            name: 'SA',
            virtualAccounts: [
              { name: 'va-a', tokens: [{ token: TOKEN }], licenses: [{ license: 'HCS Emergency Responder User License', licenseDetails: [{ quantity: 100 }] }] },
              { name: 'va-b', tokens: [{ token: 'token-va-b' }] },
            ],
          },
        ],
      },
    });
    sim = await startUcAppsSimulator({ scenario: { clusters: [CER, OTHER] }, cssmUrl: cssm.url, cssmTimeoutMs: 300 });
    logs = [];
    logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
    hostKeys = new MemoryHostKeys();
    const config = configOf(sim.sshPort);
    client = new PlatformCliClient(config, logger, hostKeys as unknown as PlatformHostKeyRepository);
    sut = new CerDriver(client, new UcHttpClient(config, logger));
  });
  afterEach(() => {
    sim.faults.clear();
    // Every scenario starts from a publisher in evaluation with Direct transport.
    for (const c of [CER, OTHER]) delete sim.clusters.get(c.id)!.nodes[0]!.agent;
  });
  afterAll(async () => {
    client?.onApplicationShutdown();
    await sim?.close();
    await cssm?.close();
  });

  it('registers with the product registration token on the publisher, re-registers only with force, renews and deregisters, over one SSH session', async () => {
    expect(await sut.register(target(CER), TOKEN, false)).toEqual([expect.objectContaining({ hostname: 'cer-drv-pub' })]);
    expect(agentOf()).toMatchObject({ state: 'REGISTERED', registration: { virtualAccount: 'va-a' } });
    const again = await failure(sut.register(target(CER), 'token-va-b', false));
    expect(again).toMatchObject({ code: 'CAA1081', message: agentErrorRow('register.already-registered').message, details: { mappingRow: 'register.already-registered', command: 'license smart register idtoken ********' } });
    await sut.register(target(CER), 'token-va-b', true);
    expect(agentOf()).toMatchObject({ state: 'REGISTERED', registration: { virtualAccount: 'va-b' } });
    await sut.renewId(target(CER));
    await sut.renewAuth(target(CER));
    expect(agentOf()!.registration).toMatchObject({ lastRenewId: expect.any(String), lastRenewAuth: expect.any(String) });
    await sut.deregister(target(CER));
    expect(agentOf()!.state).toBe('DEREGISTERED');
    expect(await failure(sut.deregister(target(CER)))).toMatchObject({ code: 'CAA1042', details: { mappingRow: 'deregister.not-allowed' } });
    // Every operation reused the publisher's session: one SSH handshake.
    expect(sessions()).toBe(1);
    expect(hostKeys.keys.get(`127.79.1.1:${sim.sshPort}`)?.fingerprint).toBe(sim.sshHostKeyFingerprint);
    expect(logs.join('')).not.toContain(TOKEN);
  });

  it('reads the registration status and license usage from show license status / show license usage', async () => {
    await sut.register(target(CER), TOKEN, false);
    const status = await sut.status(target(CER));
    expect(status.nodes).toEqual([
      {
        hostname: 'cer-drv-pub',
        address: '127.79.1.1',
        registrationStatus: 'registered',
        authorizationStatus: 'Authorized',
        smartAccount: 'sa.example.com',
        virtualAccount: 'va-a',
        registrationExpires: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
        authorizationExpires: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect(await sut.licenseUsage(target(CER))).toEqual({ licenseMode: 'HCS', usage: [{ license: 'HCS Emergency Responder User License', count: 20, status: 'Authorized' }] });
    await sut.deregister(target(CER));
    expect((await sut.status(target(CER))).nodes[0]).toMatchObject({ registrationStatus: 'evaluation', authorizationStatus: 'Evaluation Mode', virtualAccount: null, registrationExpires: null });
  });

  it('sets the transport: Direct, SSM On-Prem (TransportGateway), Proxy, and Proxy with the provisioned proxy credentials', async () => {
    const satelliteUrl = 'https://ssm-onprem.example.com/SmartTransport';
    expect(await sut.setTransport(target(CER), { mode: 'Satellite', satelliteUrl })).toEqual({ mode: 'Satellite', satelliteUrl });
    expect(await sut.getTransport(target(CER))).toEqual({ mode: 'Satellite', satelliteUrl });
    expect(await sut.setTransport(target(CER), { mode: 'Proxy', proxy: { host: '10.1.1.1', port: 3128 } })).toEqual({ mode: 'Proxy', proxy: { host: '10.1.1.1', port: 3128 } });
    expect(agentOf()!.transport).toEqual({ mode: 1, proxyIp: '10.1.1.1', proxyPort: 3128 });
    const applied = await sut.setTransport(target(CER), { mode: 'Proxy', proxy: { host: 'proxy.example.com', port: 8080, username: 'squid', password: PROXY_PASSWORD } });
    // The proxy credentials reach the application and never come back.
    expect(applied).toEqual({ mode: 'Proxy', proxy: { host: 'proxy.example.com', port: 8080 } });
    expect(agentOf()!.transport).toEqual({ mode: 1, proxyIp: 'proxy.example.com', proxyPort: 8080, proxyUser: 'squid', proxyPasswordSha256: createHash('sha256').update(PROXY_PASSWORD).digest('hex') });
    expect(await sut.getTransport(target(CER))).toEqual({ mode: 'Proxy', proxy: { host: 'proxy.example.com', port: 8080 } });
    const badPort = await failure(sut.setTransport(target(CER), { mode: 'Proxy', proxy: { host: 'proxy.example.com', port: 70000, username: 'squid', password: PROXY_PASSWORD } }));
    expect(badPort).toMatchObject({ code: 'CAA1040', message: agentErrorRow('transportsettings.invalid-proxy-port').message });
    expect(JSON.stringify(badPort.toJSON())).not.toContain(PROXY_PASSWORD);
    expect(badPort.details).toMatchObject({ command: 'license smart transport proxy proxy.example.com 70000 squid ********' });
    expect(await failure(sut.setTransport(target(CER), { mode: 'Proxy', proxy: { host: 'proxy', port: 8080, username: 'squid', password: 'has"quote' } }))).toMatchObject({ code: 'CAA1040', details: { field: 'proxy.password' } });
    expect(await sut.setTransport(target(CER), { mode: 'Direct' })).toEqual({ mode: 'Direct' });
    expect(await sut.getTransport(target(CER))).toEqual({ mode: 'Direct' });
    expect(logs.join('')).not.toContain(PROXY_PASSWORD);
  });

  it('refuses a transport edit while registered (CAA1041 with the guide row)', async () => {
    await sut.register(target(CER), TOKEN, false);
    expect(await failure(sut.setTransport(target(CER), { mode: 'Direct' }))).toMatchObject({ code: 'CAA1041', details: { mappingRow: 'transportsettings.not-allowed', ucapiCode: 'UCAPI1012' } });
    await sut.deregister(target(CER));
  });

  it('bad platform credentials are CAA1084 (Error occurred in SSH connection), none at all CAA1008', async () => {
    const wrong = await failure(sut.status(target(CER, { credentials: { platform: { username: 'osadmin', password: 'wrong' } } })));
    expect(wrong).toMatchObject({ code: 'CAA1084', message: 'Error occurred in SSH connection', details: { reason: 'the platform credentials were refused' } });
    expect(JSON.stringify(wrong.toJSON())).not.toContain('wrong');
    expect(await failure(sut.status(target(CER, { credentials: {} })))).toMatchObject({ code: 'CAA1008', message: 'No platform credentials configured for the application' });
    // The right credentials still work afterwards: a new session.
    expect((await sut.status(target(CER))).nodes[0]!.registrationStatus).toBe('evaluation');
  });

  it('an unreachable node is CAA1063 (CAA cannot connect to application platform CLI)', async () => {
    const gone = target(CER, { nodes: [{ hostname: 'gone-pub', address: '127.79.99.1', port: null, publisher: true }] });
    expect(await failure(sut.status(gone))).toMatchObject({ code: 'CAA1063', message: 'CAA cannot connect to application platform CLI', details: { address: '127.79.99.1' } });
  });

  it('a node that keeps refusing opens its circuit: CAA1063 at once, without connecting, until the pause is over', async () => {
    const config = configOf(sim.sshPort, { CAA_CIRCUIT_BREAK_AFTER: 3, CAA_CIRCUIT_HALF_OPEN_AFTER_MS: 60_000, CAA_MAX_CONCURRENCY_PER_HOST: 2 });
    const breaking = new PlatformCliClient(config, logger, hostKeys as unknown as PlatformHostKeyRepository);
    try {
      const driver = new CerDriver(breaking, new UcHttpClient(config, logger));
      const gone = target(CER, { nodes: [{ hostname: 'gone-pub', address: '127.79.99.2', port: null, publisher: true }] });
      // A read tries three times: the third refusal opens the circuit.
      expect((await failure(driver.status(gone))).details).not.toHaveProperty('circuit');
      const started = Date.now();
      expect(await failure(driver.status(gone))).toMatchObject({ code: 'CAA1063', message: 'CAA cannot connect to application platform CLI', details: { address: '127.79.99.2', circuit: 'open' } });
      expect(Date.now() - started).toBeLessThan(100);
      // Another node of the same application is not affected.
      expect((await driver.status(target(CER))).nodes[0]!.registrationStatus).toBeDefined();
    } finally {
      breaking.onApplicationShutdown();
    }
  });

  it('a node that accepts TCP but never completes the SSH login, or whose CLI never shows its prompt, is CAA1063', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const config = configOf(port, { CAA_SSH_LOGIN_TIMEOUT_MS: 300 });
    const patient = new PlatformCliClient(config, logger, hostKeys as unknown as PlatformHostKeyRepository);
    try {
      const mute = target(CER, { nodes: [{ hostname: 'mute-pub', address: '127.0.0.1', port: null, publisher: true }] });
      expect(await failure(new CerDriver(patient, new UcHttpClient(config, logger)).status(mute))).toMatchObject({ code: 'CAA1063', details: { cause: 'ETIMEDOUT', port } });
    } finally {
      patient.onApplicationShutdown();
      silent.close();
    }
    sim.faults.add({ route: 'cer.ssh.session', target: CER.id, kind: 'timeout', times: 1 });
    client.onApplicationShutdown();
    expect(await failure(sut.status(target(CER)))).toMatchObject({ code: 'CAA1063', details: { reason: 'the platform CLI did not show its prompt after login' } });
  });

  it('a subscriber provisioned as the publisher is CAA1049 (register row, and a 405 row told apart by show network cluster)', async () => {
    const swapped = target(CER, { nodes: target(CER).nodes.map((n) => ({ ...n, publisher: !n.publisher })) });
    expect(await failure(sut.register(swapped, TOKEN, false))).toMatchObject({ code: 'CAA1049', details: { mappingRow: 'register.subscriber-node' } });
    expect(await failure(sut.deregister(swapped))).toMatchObject({ code: 'CAA1049', details: { reportedRole: 'Subscriber', reportedPublisher: 'cer-drv-pub', mappingRow: 'deregister.not-allowed' } });
  });

  it('a fault on a command: the printed row, a failure without a row (CAA1078), an unreadable answer (CAA1024), no answer (CAA1084)', async () => {
    const timeoutRow = agentErrorRow('renewAuth.communication-timeout');
    sim.faults.add({ route: 'cer.cli.renew-auth', target: CER.id, kind: 'status', body: timeoutRow.message, times: 1 });
    await sut.register(target(CER), TOKEN, false);
    expect(await failure(sut.renewAuth(target(CER)))).toMatchObject({ code: 'CAA1050', message: timeoutRow.message, details: { mappingRow: 'renewAuth.communication-timeout' } });
    sim.faults.add({ route: 'cer.cli.renew-id', target: CER.id, kind: 'status', body: 'Smart agent busy', times: 1 });
    expect(await failure(sut.renewId(target(CER)))).toMatchObject({ code: 'CAA1078', message: 'Error occurred during command execution on CLI', details: { upstreamMessage: 'Smart agent busy' } });
    sim.faults.add({ route: 'cer.cli.show-license-status', target: CER.id, kind: 'malformed', times: 3 });
    expect(await failure(sut.status(target(CER)))).toMatchObject({ code: 'CAA1024' });
    sim.faults.clear();
    const before = sessions();
    sim.faults.add({ route: 'cer.cli.renew-id', target: CER.id, kind: 'timeout', times: 1 });
    expect(await failure(sut.renewId(target(CER)))).toMatchObject({ code: 'CAA1084', details: { reason: expect.stringMatching(/did not answer within/) } });
    // The hung session is closed; the next operation logs in again.
    await sut.renewId(target(CER));
    expect(sessions()).toBe(before + 1);
    await sut.deregister(target(CER));
  });

  it('a read whose connection drops is sent again on a new session; a registration is not', async () => {
    const before = sim.calls.count('cer.cli.show-license-usage', CER.id);
    sim.faults.add({ route: 'cer.cli.show-license-usage', target: CER.id, kind: 'reset', times: 1 });
    expect((await sut.licenseUsage(target(CER))).usage).toHaveLength(1);
    expect(sim.calls.count('cer.cli.show-license-usage', CER.id) - before).toBe(2);
    const registrations = sim.calls.count('cer.cli.register', CER.id);
    sim.faults.add({ route: 'cer.cli.register', target: CER.id, kind: 'reset', times: 1 });
    expect(await failure(sut.register(target(CER), TOKEN, false))).toMatchObject({ code: 'CAA1084' });
    expect(sim.calls.count('cer.cli.register', CER.id) - registrations).toBe(1);
  });

  it('refuses a node whose SSH host key changed (CAA1063), logged with both fingerprints', async () => {
    hostKeys.keys.set(`127.79.2.1:${sim.sshPort}`, { address: '127.79.2.1', port: sim.sshPort, keyType: 'ssh-ed25519', fingerprint: 'SHA256:remembered-before' });
    const refused = await failure(sut.status(target(OTHER)));
    expect(refused).toMatchObject({ code: 'CAA1063', details: { reason: expect.stringMatching(/host key/) } });
    expect(logs.some((l) => l.includes('SHA256:remembered-before') && l.includes(sim.sshHostKeyFingerprint) && l.includes('"level":50'))).toBe(true);
    expect(sim.calls.count('cer.ssh.session', OTHER.id)).toBe(0);
  });

  it('closes a session idle for CAA_SSH_IDLE_TIMEOUT_MS and every session on shutdown', async () => {
    const config = configOf(sim.sshPort, { CAA_SSH_IDLE_TIMEOUT_MS: 100 });
    const shortLived = new PlatformCliClient(config, logger, hostKeys as unknown as PlatformHostKeyRepository);
    const driver = new CerDriver(shortLived, new UcHttpClient(config, logger));
    const before = sessions();
    await driver.status(target(CER));
    await driver.licenseUsage(target(CER));
    expect(sessions()).toBe(before + 1);
    expect(shortLived.openSessions).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    expect(shortLived.openSessions).toBe(0);
    await driver.status(target(CER));
    expect(sessions()).toBe(before + 2);
    shortLived.onApplicationShutdown();
    expect(shortLived.openSessions).toBe(0);
  });
});
