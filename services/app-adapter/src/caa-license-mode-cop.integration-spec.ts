import { CaaCommands, type SmartlicError } from '#libs/contracts';
import { CommandFailedError } from '#libs/messaging';
import { startSftpFileServer, type SftpFileServer } from '#simulators/common';
import { appAdapterConfigSchema } from './config/app-adapter.config.js';
import { startCaaLab, ucCluster, type CaaLab } from './__tests__/fixtures/caa-lab.fixture.js';

const COP_SERVER = { user: 'copadmin', password: 'cop-secret-3141' };
const HCS_COP = 'ciscocm.HCSMode_v4.cop.sgn';
/** Releases without setDeploymentMode: the mode changes through the guide's COP file. */
const ENTERPRISE = ucCluster('cucm-cop', 'cucm', 41, { licenseMode: 'Enterprise', conditions: ['noSetDeploymentMode'] });
const HCS = ucCluster('cuc-cop', 'cuc', 42, { conditions: ['noSetDeploymentMode'] });
const ROUTES = ['paws.deployment-mode.set', 'paws.upgrade.prepare', 'paws.upgrade.start', 'paws.restart'];

const failure = async (p: Promise<unknown>): Promise<SmartlicError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof CommandFailedError) return e.error;
    throw e;
  }
  throw new Error('expected the command to fail');
};

describe('license mode through the COP file (PAWS PrepareRemoteUpgradeService, StartUpgradeService) where setDeploymentMode is missing', () => {
  let sftp: SftpFileServer;
  let lab: CaaLab;
  const counts = (clusterId: string) => ROUTES.map((route) => lab.uc.calls.count(route, clusterId));
  const setMode = (type: 'cucm' | 'cuc', clusterId: string, mode: 'HCS' | 'Enterprise') =>
    lab.commands.request(CaaCommands.setLicenseMode(type), { clusterId, mode, rebootDeadlineMs: 20_000 }, { timeoutMs: 30_000 });

  beforeAll(async () => {
    // Only the HCS mode COP is on the server: the Enterprise one is "not found".
    sftp = await startSftpFileServer({ ...COP_SERVER, files: { [`/cop/${HCS_COP}`]: 'signed COP' } });
    lab = await startCaaLab(
      'caa-cop',
      { clusters: [ENTERPRISE, HCS] },
      {
        rebootMs: 400,
        simulator: { copSftpPort: sftp.port, copInstallMs: 150 },
        extraEnv: { CAA_COP_SFTP_SERVER: '127.0.0.1', CAA_COP_SFTP_DIRECTORY: '/cop', CAA_COP_SFTP_USER: COP_SERVER.user, CAA_COP_SFTP_PASSWORD: COP_SERVER.password },
      },
    );
    for (const c of [ENTERPRISE, HCS]) await lab.provision(lab.clusterOf(c));
  });
  afterAll(async () => {
    await lab?.close();
    await sftp?.close();
  });

  it("Enterprise to HCS: setDeploymentMode not found, so ciscocm.HCSMode_v4.cop.sgn is downloaded over SFTP and installed, then the publisher restarts and reads HCS", async () => {
    const change = await setMode('cucm', ENTERPRISE.id, 'HCS');
    expect(change).toMatchObject({ clusterId: ENTERPRISE.id, licenseMode: 'HCS', previousLicenseMode: 'Enterprise', rebooted: true, resumed: false });
    expect(sftp.downloads).toEqual([`/cop/${HCS_COP}`]);
    // One set (refused), one prepare, one start, one restart.
    expect(counts(ENTERPRISE.id)).toEqual([1, 1, 1, 1]);
    expect(lab.uc.calls.count('paws.upgrade.stage', ENTERPRISE.id)).toBeGreaterThanOrEqual(2);
    expect(lab.uc.clusters.get(ENTERPRISE.id)!.licenseMode).toBe('HCS');
    expect(await lab.commands.request(CaaCommands.getLicenseMode('cucm'), { clusterId: ENTERPRISE.id })).toEqual({ clusterId: ENTERPRISE.id, licenseMode: 'HCS', restartPending: false });
  });

  it('a COP file the server lacks ends in the error stage: CAA1077 with the stage and remote message, no restart, nothing pending, no password in the error', async () => {
    const error = await failure(setMode('cuc', HCS.id, 'Enterprise'));
    expect(error).toMatchObject({
      code: 'CAA1077',
      details: { operation: 'getUpgradeStage', upgradeStage: 'upgrade.stage.error', file: 'ciscocm.EnterpriseMode_v4.cop.sgn', remoteMessages: [{ messageKey: 'error.upgrade.file.notfound' }] },
    });
    expect(JSON.stringify(error)).not.toContain(COP_SERVER.password);
    expect(counts(HCS.id)).toEqual([1, 1, 0, 0]);
    expect(lab.uc.clusters.get(HCS.id)!.licenseMode).toBe('HCS');
    expect(await lab.adapter.dataSource.query('SELECT 1 FROM pending_license_mode_change WHERE cluster_id = $1', [HCS.id])).toEqual([]);
  });

  it('the COP server settings come all four or none', () => {
    const base = { DATABASE_URL: 'postgres://x@127.0.0.1/x', NATS_URL: 'nats://127.0.0.1:4222', SMARTLIC_ENCRYPTION_KEYS: lab.adapterEnv.SMARTLIC_ENCRYPTION_KEYS };
    const half = appAdapterConfigSchema.safeParse({ ...base, CAA_COP_SFTP_SERVER: 'sftp.example.com' });
    expect(half.success).toBe(false);
    expect(half.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['CAA_COP_SFTP_DIRECTORY', 'CAA_COP_SFTP_PASSWORD', 'CAA_COP_SFTP_USER']);
    expect(appAdapterConfigSchema.safeParse(base).success).toBe(true);
  });
});

describe('a release without setDeploymentMode and no COP server configured', () => {
  let lab: CaaLab;
  const CLUSTER = ucCluster('cucm-nocop', 'cucm', 43, { licenseMode: 'Enterprise', conditions: ['noSetDeploymentMode'] });

  beforeAll(async () => {
    lab = await startCaaLab('caa-nocop', { clusters: [CLUSTER] });
    await lab.provision(lab.clusterOf(CLUSTER));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('fails with CAA1077 naming the COP server settings; nothing is installed or restarted', async () => {
    const error = await failure(lab.commands.request(CaaCommands.setLicenseMode('cucm'), { clusterId: CLUSTER.id, mode: 'HCS' }));
    expect(error).toMatchObject({ code: 'CAA1077', message: 'Error occurred during PAWS call', details: { operation: 'setDeploymentMode', reason: expect.stringContaining('CAA_COP_SFTP_SERVER') } });
    expect(['paws.upgrade.prepare', 'paws.restart'].map((r) => lab.uc.calls.count(r, CLUSTER.id))).toEqual([0, 0]);
    expect(lab.uc.clusters.get(CLUSTER.id)!.licenseMode).toBe('Enterprise');
  });
});
