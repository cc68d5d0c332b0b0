import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Client } from 'pg';
import { CaaCommands, createEnvelope, ProvisioningEvents, type ClusterProvisioning } from '#libs/contracts';
import { CommandClient, connectNats, type NatsHandles } from '#libs/messaging';
import { generateKey } from '#libs/secrets';
import { createTestEnvironment, eventually, provisioningClusterOf, type TestEnvironment } from '#libs/testing';
import { startSftpFileServer, type SftpFileServer } from '#simulators/common';
import { startCssmSimulator, type CssmSimulator } from '#simulators/cssm';
import { startUcAppsSimulator, type UcAppsSimulator, type UcClusterInput } from '#simulators/uc-apps';

const REGISTER_TS_LOADER = fileURLToPath(new URL('../libs/testing/src/ts-loader/register.js', import.meta.url));
const ADAPTER_MAIN = fileURLToPath(new URL('../services/app-adapter/src/main.ts', import.meta.url));
const PLATFORM = { username: 'osadmin', password: 'platform-secret' };

const cluster = (id: string, block: number, extra: Partial<UcClusterInput> = {}): UcClusterInput => ({
  id,
  customerId: 'customer-1',
  name: `${id} name`,
  type: 'cucm',
  version: '12.5.1',
  licenseMode: 'Enterprise',
  credentials: { admin: { username: 'ccmadmin', password: 'admin-secret' }, platform: PLATFORM },
  nodes: [
    { hostname: `${id}-pub`, address: `127.93.${block}.1`, publisher: true },
    { hostname: `${id}-sub`, address: `127.93.${block}.2`, publisher: false },
  ],
  usage: [],
  ...extra,
});

/** app-adapter as the image runs it (`main.ts` in a process of its own), so SIGKILL is a real crash. */
class AdapterProcess {
  private child?: ChildProcess;
  private output = '';

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    const { NODE_OPTIONS: _jestFlags, ...inherited } = process.env;
    this.output = '';
    const child = spawn(process.execPath, ['--import', REGISTER_TS_LOADER, ADAPTER_MAIN], { env: { ...inherited, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    await eventually(
      () => {
        if (child.exitCode !== null) throw new Error(`app-adapter exited ${child.exitCode}: ${this.output.slice(-2000)}`);
        return this.output.includes('"msg":"app-adapter ready"');
      },
      { timeoutMs: 120_000, what: 'the app-adapter process to be ready' },
    );
  }

  get log(): string {
    return this.output;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

/**
 * Issue 14 point 4: a license mode change survives a crash of app-adapter between setDeploymentMode and the
 * publisher's restart. The record written before the set is found at the next start (or by the same request sent
 * again): the mode is not set a second time, the restart it owes is made once, the mode is verified. The simulator's
 * call counts are the proof.
 */
describe('a license mode change survives a SIGKILL of the app-adapter process', () => {
  const ATSTART = cluster('lmc-start', 1);
  const AGAIN = cluster('lmc-again', 2);
  /** On a simulator whose publishers take 40 s to reboot: longer than app-adapter takes to start again, even on a loaded machine. */
  const REBOOTING = cluster('lmc-rebooting', 3);
  let env: TestEnvironment;
  let cssm: CssmSimulator;
  let uc: UcAppsSimulator;
  let slowUc: UcAppsSimulator;
  /** A release without setDeploymentMode: its mode comes with the COP file from this SFTP server. */
  const COP = cluster('lmc-cop', 4, { conditions: ['noSetDeploymentMode'] });
  const COP_ACCOUNT = { user: 'copadmin', password: 'cop-secret' };
  let sftp: SftpFileServer;
  let handles: NatsHandles;
  let commands: CommandClient;
  let db: Client;
  let adapter: AdapterProcess;
  const calls = (route: string, clusterId: string) => uc.calls.count(route, clusterId);
  const pending = async (clusterId: string) =>
    (await db.query<{ step: string; target_mode: string }>('SELECT step, target_mode FROM app_adapter.pending_license_mode_change WHERE cluster_id = $1', [clusterId])).rows[0];

  const provision = async (sim: UcClusterInput, simulator = uc) => {
    const data: ClusterProvisioning = provisioningClusterOf(sim, simulator);
    // Its customer first: app-adapter keeps a cluster only once its customer exists (the customer-exists rule).
    const customer = createEnvelope(ProvisioningEvents.customerCreated.type, ProvisioningEvents.customerCreated.schemaVersion, { id: data.customerId, name: data.customerId });
    await handles.js.publish(handles.subjects.qualify(ProvisioningEvents.customerCreated.subject), JSON.stringify(customer), { msgID: customer.id });
    const envelope = createEnvelope(ProvisioningEvents.clusterCreated.type, ProvisioningEvents.clusterCreated.schemaVersion, data);
    await handles.js.publish(handles.subjects.qualify(ProvisioningEvents.clusterCreated.subject), JSON.stringify(envelope), { msgID: envelope.id });
    await eventually(async () => (await commands.request(CaaCommands.status('cucm'), { clusterId: sim.id, source: 'last-known' })).known, { what: `${sim.id} in app-adapter`, timeoutMs: 30_000 });
  };

  /** Sends the changes, holds setDeploymentMode in the simulator, and kills app-adapter once every set has arrived. */
  const crashDuringSet = async (sims: UcClusterInput[]) => {
    uc.latency.set([{ route: 'paws.deployment-mode.set', fixedMs: 2_000 }]);
    const requests = sims.map((sim) =>
      commands.request(CaaCommands.setLicenseMode('cucm'), { clusterId: sim.id, mode: 'HCS', rebootDeadlineMs: 30_000 }, { timeoutMs: 5_000 }).then(
        () => 'answered',
        () => 'no answer',
      ),
    );
    await eventually(() => sims.every((sim) => calls('paws.deployment-mode.set', sim.id) === 1), { what: 'setDeploymentMode at the simulator', intervalMs: 5 });
    await adapter.kill();
    // The platform finishes the sets on its own; app-adapter never got the answers.
    await eventually(() => sims.every((sim) => uc.deploymentMode(sim.id) === 'HCS'), { what: 'the sets applied by the publishers', timeoutMs: 10_000 });
    uc.latency.clear();
    expect(await Promise.all(requests)).toEqual(sims.map(() => 'no answer'));
    for (const sim of sims) {
      expect(await pending(sim.id)).toEqual({ step: 'setting', target_mode: 'HCS' });
      expect([calls('paws.restart', sim.id), uc.clusters.get(sim.id)!.licenseMode]).toEqual([0, 'Enterprise']);
    }
  };

  beforeAll(async () => {
    env = await createTestEnvironment('lmcrash');
    cssm = await startCssmSimulator({ scenario: { smartAccounts: [] } });
    sftp = await startSftpFileServer({ ...COP_ACCOUNT, files: { '/cop/ciscocm.HCSMode_v4.cop.sgn': 'signed COP' } });
    uc = await startUcAppsSimulator({ scenario: { clusters: [ATSTART, AGAIN, COP] }, cssmUrl: cssm.url, tls: true, rebootMs: 3_000, cssmTimeoutMs: 500, copSftpPort: sftp.port, copInstallMs: 200 });
    slowUc = await startUcAppsSimulator({ scenario: { clusters: [REBOOTING] }, cssmUrl: cssm.url, tls: true, rebootMs: 40_000, cssmTimeoutMs: 500 });
    handles = await connectNats({ url: env.natsUrl, name: 'lmcrash-spec', namespace: env.namespace });
    commands = new CommandClient(handles);
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    adapter = new AdapterProcess({
      ...env.env,
      PORT: '0',
      LOG_LEVEL: 'info',
      CAA_APP_TYPES: 'cucm',
      SMARTLIC_ENCRYPTION_KEYS: generateKey('test'),
      CAA_CONNECT_TIMEOUT_MS: '1s',
      // Longer than the restart the first test holds.
      CAA_REQUEST_TIMEOUT_MS: '30s',
      CAA_RETRY_BACKOFF_MS: '20',
      CAA_REBOOT_POLL_MS: '100',
      CAA_REBOOT_DEADLINE_MS: '90s',
      // The killed process's claim on its change lapses before the new one is up.
      CAA_LICENSE_MODE_LEASE_MS: '1s',
      CAA_COP_SFTP_SERVER: '127.0.0.1',
      CAA_COP_SFTP_DIRECTORY: '/cop',
      CAA_COP_SFTP_USER: COP_ACCOUNT.user,
      CAA_COP_SFTP_PASSWORD: COP_ACCOUNT.password,
    });
    await adapter.start();
    await provision(ATSTART);
    await provision(AGAIN);
    await provision(REBOOTING, slowUc);
    await provision(COP);
  }, 180_000);

  afterAll(async () => {
    await adapter?.kill();
    await handles?.nc.close();
    await db?.end();
    await uc?.close();
    await slowUc?.close();
    await sftp?.close();
    await cssm?.close();
    await env?.cleanup();
  });

  it('killed between setDeploymentMode and the restart: the next start resumes the change: the mode is read, not set again; the owed restart is made once; the mode verified', async () => {
    await crashDuringSet([ATSTART, AGAIN]);
    // AGAIN is finished by the request below, which joins the resumption the start began: its restart is held 25 s (then
    // the 3 s reboot), so the request lands while that resumption runs however slowly this process came up (15 s was
    // not enough in a full suite run on a loaded machine).
    uc.faults.add({ route: 'paws.restart', target: AGAIN.id, kind: 'delay', delayMs: 25_000, times: 1 });
    await adapter.start();
    const again = await commands.request(CaaCommands.setLicenseMode('cucm'), { clusterId: AGAIN.id, mode: 'HCS', rebootDeadlineMs: 60_000 }, { timeoutMs: 90_000 });
    expect(again).toMatchObject({ clusterId: AGAIN.id, licenseMode: 'HCS', previousLicenseMode: 'Enterprise', rebooted: true, resumed: true });

    await eventually(async () => (await pending(ATSTART.id)) === undefined, { what: 'the change resumed at start to finish', timeoutMs: 30_000 });
    for (const sim of [ATSTART, AGAIN]) {
      expect({ id: sim.id, set: calls('paws.deployment-mode.set', sim.id), restart: calls('paws.restart', sim.id), mode: uc.clusters.get(sim.id)!.licenseMode }).toEqual({
        id: sim.id,
        set: 1,
        restart: 1,
        mode: 'HCS',
      });
      expect(await pending(sim.id)).toBeUndefined();
      expect(await commands.request(CaaCommands.getLicenseMode('cucm'), { clusterId: sim.id })).toEqual({ clusterId: sim.id, licenseMode: 'HCS', restartPending: false });
    }
    expect(adapter.log).toContain('resuming a license mode change cut short');
  }, 180_000);

  it('killed while the publisher reboots from its restart: the next start sees the reboot under way and waits for it; one restart, not two', async () => {
    const slowCalls = (route: string) => slowUc.calls.count(route, REBOOTING.id);
    const request = commands
      .request(CaaCommands.setLicenseMode('cucm'), { clusterId: REBOOTING.id, mode: 'HCS', rebootDeadlineMs: 90_000 }, { timeoutMs: 5_000 })
      .then(() => 'answered', () => 'no answer');
    await eventually(() => slowCalls('paws.restart') === 1, { what: 'restartSystem at the simulator', intervalMs: 5 });
    const rebootEnds = Date.now() + 40_000;
    await adapter.kill();
    expect(await request).toBe('no answer');
    expect(await pending(REBOOTING.id)).toEqual({ step: 'restarting', target_mode: 'HCS' });

    await adapter.start();
    // Started again while the publisher still reboots, so the resumption could only see it under way.
    expect(Date.now()).toBeLessThan(rebootEnds - 2_000);
    await eventually(async () => (await pending(REBOOTING.id)) === undefined, { what: 'the resumed change to finish', timeoutMs: 90_000, intervalMs: 200 });
    expect({ set: slowCalls('paws.deployment-mode.set'), restart: slowCalls('paws.restart'), mode: slowUc.clusters.get(REBOOTING.id)!.licenseMode }).toEqual({ set: 1, restart: 1, mode: 'HCS' });
    expect(Date.now()).toBeGreaterThanOrEqual(rebootEnds - 1_000);
    expect(adapter.log).toContain('still restarting from the earlier attempt');
  }, 180_000);

  it('killed during a COP install (no setDeploymentMode): the next start reads the mode, installs the COP again, then restarts once; the SFTP password is never logged', async () => {
    uc.latency.set([{ route: 'paws.upgrade.prepare', fixedMs: 1_500 }]);
    const request = commands
      .request(CaaCommands.setLicenseMode('cucm'), { clusterId: COP.id, mode: 'HCS', rebootDeadlineMs: 30_000 }, { timeoutMs: 4_000 })
      .then(() => 'answered', () => 'no answer');
    await eventually(() => calls('paws.upgrade.prepare', COP.id) === 1, { what: 'prepareRemoteUpgrade at the simulator', intervalMs: 5 });
    await adapter.kill();
    uc.latency.clear();
    expect(await request).toBe('no answer');
    expect(await pending(COP.id)).toEqual({ step: 'setting', target_mode: 'HCS' });
    expect(calls('paws.upgrade.start', COP.id)).toBe(0);

    await adapter.start();
    await eventually(async () => (await pending(COP.id)) === undefined, { what: 'the resumed COP change to finish', timeoutMs: 60_000, intervalMs: 200 });
    // Two prepares (one per attempt), one install, one restart.
    expect({ prepare: calls('paws.upgrade.prepare', COP.id), start: calls('paws.upgrade.start', COP.id), restart: calls('paws.restart', COP.id), mode: uc.clusters.get(COP.id)!.licenseMode }).toEqual({
      prepare: 2,
      start: 1,
      restart: 1,
      mode: 'HCS',
    });
    expect(sftp.downloads.length).toBeGreaterThanOrEqual(1);
    expect(adapter.log).not.toContain(COP_ACCOUNT.password);
  }, 180_000);
});
