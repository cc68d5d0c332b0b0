import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { agentErrorRow } from '#simulators/common';
import { generateClusters, startUcAppsSimulator, type UcAppsSimulator } from '../index.js';
import { startCssm } from './fixtures/cssm.fixture.js';
import { openCli, outputOf, type CliSession } from './fixtures/ssh-cli.fixture.js';
import { ADDR, ADMIN, PLATFORM, scenario } from './fixtures/scenario.fixture.js';

const FAILED = 'Executed command unsuccessfully';

describe('Emergency Responder platform CLI over SSH', () => {
  let stub: Awaited<ReturnType<typeof startCssm>>;
  let sut: UcAppsSimulator;
  let cli: CliSession;
  const run = async (line: string) => outputOf(await cli.run(line));

  beforeAll(async () => {
    stub = await startCssm({ 'token-a': 'VA-a', 'token-b': 'VA-b' });
    sut = await startUcAppsSimulator({ scenario: scenario(), cssmUrl: stub.url, rebootMs: 300 });
    cli = await openCli(ADDR.cerPub, sut.sshPort, PLATFORM);
  });
  afterEach(() => {
    sut.faults.clear();
    sut.latency.clear();
  });
  afterAll(async () => {
    cli?.close();
    await sut.close();
    await stub.close();
  });

  it('greets with the VOS banner and the admin: prompt after a password login with the platform credentials', async () => {
    expect(cli.banner).toContain('Welcome to the Platform Command Line Interface');
    expect(cli.banner.endsWith('admin:')).toBe(true);
    expect(sut.calls.count('cer.ssh.session', 'cer-1')).toBeGreaterThanOrEqual(1);
  });

  it('refuses a wrong password and the admin (application) credentials, as OpenSSH does', async () => {
    await expect(openCli(ADDR.cerPub, sut.sshPort, { ...PLATFORM, password: 'wrong' })).rejects.toMatchObject({ level: 'client-authentication' });
    await expect(openCli(ADDR.cerPub, sut.sshPort, ADMIN)).rejects.toMatchObject({ level: 'client-authentication' });
  });

  it('resets connections to addresses that are no Emergency Responder node', async () => {
    await expect(openCli(ADDR.cucmPub, sut.sshPort, PLATFORM)).rejects.toThrow();
    await expect(openCli('127.77.9.9', sut.sshPort, PLATFORM)).rejects.toThrow();
  });

  it('sets the transport with the call-home and transport proxy commands, shown by show license status', async () => {
    expect(await run('license smart call-home proxy 10.1.1.1 3128')).toEqual(['Successful']);
    expect(await run('show license status')).toEqual(expect.arrayContaining(['  Proxy:', '    Address: 10.1.1.1', '    Port: 3128', '    Username: <empty>']));
    expect(await run('license smart transport proxy proxy.example.com 8080 squid s3cret')).toEqual(['Successful']);
    const status = await run('show license status');
    expect(status).toEqual(expect.arrayContaining(['    Address: proxy.example.com', '    Username: squid', '    Password: ********']));
    expect(status.join('\n')).not.toContain('s3cret');
    expect(sut.clusters.get('cer-1')!.nodes[0]!.agent!.transport).toEqual({ mode: 1, proxyIp: 'proxy.example.com', proxyPort: 8080, proxyUser: 'squid', proxyPasswordSha256: createHash('sha256').update('s3cret').digest('hex') });
    expect(await run('license smart call-home destination address TransportGateway https://sat.example.com/Transportgateway/services/DeviceRequestHandler')).toEqual(['Successful']);
    expect(await run('show license status')).toEqual(expect.arrayContaining(['  Type: TransportGateway', '  URL: https://sat.example.com/Transportgateway/services/DeviceRequestHandler']));
    expect(await run('license smart call-home proxy 10.1.1.1 99999')).toEqual([agentErrorRow('transportsettings.invalid-proxy-port').message, FAILED]);
    expect(await run('license smart transport proxy 10.1.1.1 3128 squid')).toEqual([agentErrorRow('transportsettings.apply-failed').message, FAILED]);
    expect(await run('license smart call-home destination address default')).toEqual(['Successful']);
    expect(sut.clusters.get('cer-1')!.nodes[0]!.agent!.transport).toEqual({ mode: 0 });
  });

  it('registers with an ID token, refuses a second registration without force, shows status and usage, renews, deregisters', async () => {
    expect(await run('show license status')).toEqual(expect.arrayContaining(['  Status: UNREGISTERED', '  Status: EVAL MODE']));
    expect(await run('license smart register idtoken token-a')).toEqual([expect.stringMatching(/^Registration process is in progress/)]);
    expect(await run('license smart register idtoken token-b')).toEqual([agentErrorRow('register.already-registered').message, FAILED]);
    expect(await run('license smart register idtoken token-b force')).toEqual([expect.stringMatching(/^Registration process is in progress/)]);
    const status = await run('show license status');
    expect(status).toEqual(expect.arrayContaining(['  Status: REGISTERED', '  Smart Account: sa.example.com', '  Virtual Account: VA-b', expect.stringMatching(/^ {2}Registration Expires: [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \d{4} UTC$/)]));
    expect(status).toEqual(expect.arrayContaining([expect.stringMatching(/^ {2}Status: AUTHORIZED on /), expect.stringMatching(/^ {2}Communication Deadline: /)]));
    expect(await run('show license usage')).toEqual(expect.arrayContaining(['(HCS Emergency Responder User License):', '  Count: 20', '  Status: AUTHORIZED']));
    expect(await run('license smart renew ID')).toEqual(['Successful']);
    expect(await run('license smart renew auth')).toEqual(['Successful']);
    expect(await run('license smart call-home destination address default')).toEqual([agentErrorRow('transportsettings.not-allowed').message, FAILED]);
    expect(await run('license smart deregister')).toEqual(['Successful']);
    expect(await run('license smart deregister')).toEqual([agentErrorRow('deregister.not-allowed').message, FAILED]);
    expect(await run('license smart renew auth')).toEqual([agentErrorRow('renewAuth.not-allowed').message, FAILED]);
    expect(await run('license smart register idtoken expired-token')).toEqual([agentErrorRow('register.invalid-token').message, FAILED]);
  });

  it('lists the cluster nodes with their roles (show network cluster)', async () => {
    expect(await run('show network cluster')).toEqual([
      '127.77.0.21 cer-1-pub.sim.example.com cer-1-pub Publisher ciscoer DBPub authenticated',
      expect.stringMatching(/^127\.77\.0\.22 cer-1-sub\.sim\.example\.com cer-1-sub Subscriber ciscoer DBSub authenticated/),
      '',
      'Successful',
    ]);
  });

  it('answers an unknown command and show license variants as the VOS CLI does', async () => {
    expect(await run('license smart frobnicate')).toEqual([FAILED, 'No valid command entered']);
    expect(await run('show license UDI')).toEqual(['UDI: PID:CER,SN:cer-1-pub']);
    expect((await run('show license all')).slice(0, 2)).toEqual(['Smart Licensing Status', '======================']);
    expect(await run('')).toEqual([]);
  });

  it('a subscriber refuses licensing operations with the guide rows and shows the publisher agent', async () => {
    const sub = await openCli(ADDR.cerSub, sut.sshPort, PLATFORM);
    try {
      expect(outputOf(await sub.run('license smart register idtoken token-a'))).toEqual([agentErrorRow('register.subscriber-node').message, FAILED]);
      expect(outputOf(await sub.run('license smart deregister'))).toEqual([agentErrorRow('deregister.not-allowed').message, FAILED]);
      expect(outputOf(await sub.run('show network cluster'))[1]).toMatch(/ cer-1-sub Subscriber /);
    } finally {
      sub.close();
    }
  });

  it('faults, latency and call counts per command route and cluster', async () => {
    const before = sut.calls.count('cer.cli.show-license-status', 'cer-1');
    sut.faults.add({ route: 'cer.cli.register', target: 'cer-1', kind: 'status', body: agentErrorRow('register.communication-timeout').message, times: 1 });
    expect(await run('license smart register idtoken token-a')).toEqual([agentErrorRow('register.communication-timeout').message, FAILED]);
    sut.latency.set([{ route: 'cer.cli.show-license-status', fixedMs: 150 }]);
    const t0 = Date.now();
    await run('show license status');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(sut.calls.count('cer.cli.show-license-status', 'cer-1') - before).toBe(1);

    const other = await openCli(ADDR.cerPub, sut.sshPort, PLATFORM);
    sut.faults.add({ route: 'cer.cli.show-license-usage', target: 'cer-1', kind: 'reset', times: 1 });
    await expect(other.run('show license usage')).rejects.toThrow();
    await other.closed;

    const hanging = await openCli(ADDR.cerPub, sut.sshPort, PLATFORM);
    sut.faults.add({ route: 'cer.cli.show-license-usage', target: 'cer-1', kind: 'timeout', times: 1 });
    await expect(hanging.run('show license usage', 300)).rejects.toThrow(/no prompt/);
    hanging.close();
  });

  it('resets the sessions of a rebooting cluster', async () => {
    const session = await openCli(ADDR.cerPub, sut.sshPort, PLATFORM);
    sut.clusters.get('cer-1')!.rebootUntil = Date.now() + 200;
    await expect(session.run('show license status')).rejects.toThrow();
    await expect(openCli(ADDR.cerPub, sut.sshPort, PLATFORM)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 250));
    const back = await openCli(ADDR.cerPub, sut.sshPort, PLATFORM);
    expect(outputOf(await back.run('show license UDI'))).toEqual(['UDI: PID:CER,SN:cer-1-pub']);
    back.close();
  });
});

describe('Emergency Responder platform CLI: connections from one source port', () => {
  let sut: UcAppsSimulator;
  let stub: Awaited<ReturnType<typeof startCssm>>;

  beforeAll(async () => {
    stub = await startCssm({});
    const cer = generateClusters(10, { addressBase: '127.120.0.1', idPrefix: 'port' }).filter((c) => c.type === 'cer');
    sut = await startUcAppsSimulator({ scenario: { clusters: cer }, cssmUrl: stub.url });
  });
  afterAll(async () => {
    await sut.close();
    await stub.close();
  });

  // Every client connects from 127.0.0.1, and Linux gives connections to different nodes the same source port at once
  // (a few pairs in 300 concurrent ones): a node chosen by the peer's address and port answered for another cluster.
  it('answers each session as the node its connection reached, when two connections share their source address and port', async () => {
    const [a, b] = [...sut.clusters.values()];
    const tcp = (address: string, localPort?: number) =>
      new Promise<Socket>((resolve, reject) => {
        const socket = connect({ host: address, port: sut.sshPort, localAddress: '127.0.0.1', ...(localPort ? { localPort } : {}) }, () => resolve(socket));
        socket.once('error', reject);
      });
    const first = await tcp(a!.nodes[0]!.address);
    const second = await tcp(b!.nodes[0]!.address, first.localPort);
    expect(second.localPort).toBe(first.localPort);
    const credential = { username: 'platform', password: 'platform-pw' };
    const sessions = await Promise.all([openCli(a!.nodes[0]!.address, sut.sshPort, credential, first), openCli(b!.nodes[0]!.address, sut.sshPort, credential, second)]);
    try {
      expect([sut.calls.count('cer.ssh.session', a!.id), sut.calls.count('cer.ssh.session', b!.id)]).toEqual([1, 1]);
      expect(outputOf(await sessions[0].run('show network cluster')).join('\n')).toContain(a!.nodes[0]!.hostname);
      expect(outputOf(await sessions[1].run('show network cluster')).join('\n')).toContain(b!.nodes[0]!.hostname);
    } finally {
      for (const s of sessions) s.close();
    }
  });
});
