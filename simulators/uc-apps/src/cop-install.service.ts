import { posix } from 'node:path';
import ssh2 from 'ssh2';
import type { SimLicenseMode } from '#simulators/common';
import type { UcClusterState } from './cluster.store.js';
import type { LicenseModeService } from './license-mode.service.js';

/**
 * The guide's license mode COP files ("Use the ciscocm.HCSMode_v4.cop.sgn file to change the licensing from
 * Enterprise Mode to HCS Mode"; ciscocm.EnterpriseMode_v4.cop.sgn back), the simulator's own copy of the names.
 */
export const MODE_COP_FILES: Readonly<Record<string, SimLicenseMode>> = {
  'ciscocm.HCSMode_v4.cop.sgn': 'HCS',
  'ciscocm.EnterpriseMode_v4.cop.sgn': 'Enterprise',
};

/** `getUpgradeStage` values: [C] from the PAWS reference's list, `validated` [I] (the reference's example, its list is cut). */
export const UPGRADE_STAGE = {
  downloading: 'upgrade.stage.downloading',
  validated: 'upgrade.stage.validated',
  installing: 'upgrade.stage.installing',
  completed: 'upgrade.stage.completed',
  error: 'upgrade.stage.error',
} as const;

/** `prepareRemoteUpgrade` args0 (an UpgradeFile) [C field names]. */
export interface UpgradeFile {
  name?: string;
  path?: string;
  password?: string;
  server?: string;
  upgradeLocation?: string;
  upgradeType?: string;
  user?: string;
}

export interface UpgradeMessage {
  messageKey: string;
  messageParams: string;
}

interface Upgrade {
  sessionId: string;
  stage: string;
  file: string;
  mode?: SimLicenseMode;
  error?: UpgradeMessage;
}

export type UpgradeAnswer = { ok: true } | { ok: false; message: UpgradeMessage };

/**
 * A COP installation through PAWS on a publisher: `prepareRemoteUpgrade` downloads the file from the SFTP server it
 * names (a real SFTP download, on `sftpPort`: PAWS has no port field, a platform uses 22) while getUpgradeStage says
 * downloading, then validated; `startUpgrade` installs it and answers once done [C: "returns a response as soon as
 * the upgrade is complete"]. A mode COP sets the deployment mode the next restart applies, as setDeploymentMode does.
 * The remote message keys of the failures are INFERRED (the reference names `error.upgrade.anotheruser` only).
 */
export class CopInstallService {
  private readonly upgrades = new WeakMap<UcClusterState, Upgrade>();

  constructor(
    private readonly licenseMode: LicenseModeService,
    private readonly sftpPort: number,
    private readonly installMs: number,
  ) {}

  stage(cluster: UcClusterState): { stage: string | null; error?: UpgradeMessage } {
    const upgrade = this.upgrades.get(cluster);
    return upgrade ? { stage: upgrade.stage, ...(upgrade.error ? { error: upgrade.error } : {}) } : { stage: null };
  }

  prepare(cluster: UcClusterState, file: UpgradeFile, sessionId: string, override: boolean): UpgradeAnswer {
    const current = this.upgrades.get(cluster);
    const busy = current && (current.stage === UPGRADE_STAGE.downloading || current.stage === UPGRADE_STAGE.installing);
    if (busy && current.sessionId !== sessionId && !override) return { ok: false, message: { messageKey: 'error.upgrade.anotheruser', messageParams: current.sessionId } };
    for (const field of ['name', 'path', 'server', 'user', 'password', 'upgradeLocation'] as const) {
      if (!file[field]) return { ok: false, message: { messageKey: 'error.validation.invalid', messageParams: field } };
    }
    if (file.upgradeLocation !== 'upgradefile.location.remote.sftp') return { ok: false, message: { messageKey: 'error.upgrade.location.unsupported', messageParams: file.upgradeLocation! } };
    const upgrade: Upgrade = { sessionId, stage: UPGRADE_STAGE.downloading, file: file.name! };
    this.upgrades.set(cluster, upgrade);
    const fail = (messageKey: string, messageParams: string) => {
      upgrade.stage = UPGRADE_STAGE.error;
      upgrade.error = { messageKey, messageParams };
    };
    void this.download(file)
      .then(() => {
        const mode = MODE_COP_FILES[file.name!];
        if (!mode) return fail('error.upgrade.invalid', file.name!);
        upgrade.mode = mode;
        upgrade.stage = UPGRADE_STAGE.validated;
      })
      .catch((error: Error & { level?: string; code?: number }) => {
        if (error.level === 'client-authentication') fail('error.upgrade.download.authentication', file.server!);
        else if (error.code === 2) fail('error.upgrade.file.notfound', posix.join(file.path!, file.name!));
        else fail('error.upgrade.download', error.message);
      });
    return { ok: true };
  }

  async start(cluster: UcClusterState, sessionId: string, override: boolean): Promise<UpgradeAnswer> {
    const upgrade = this.upgrades.get(cluster);
    if (!upgrade || upgrade.stage !== UPGRADE_STAGE.validated || !upgrade.mode) return { ok: false, message: { messageKey: 'error.upgrade.notprepared', messageParams: upgrade?.stage ?? 'none' } };
    if (upgrade.sessionId !== sessionId && !override) return { ok: false, message: { messageKey: 'error.upgrade.anotheruser', messageParams: upgrade.sessionId } };
    upgrade.stage = UPGRADE_STAGE.installing;
    await new Promise((resolve) => setTimeout(resolve, this.installMs).unref());
    this.licenseMode.setDeploymentMode(cluster, upgrade.mode);
    upgrade.stage = UPGRADE_STAGE.completed;
    return { ok: true };
  }

  /** Reads the whole file over SFTP (and drops it: the simulator keeps only what it installs). */
  private download(file: UpgradeFile): Promise<void> {
    return new Promise((resolve, reject) => {
      const client = new ssh2.Client();
      client.on('error', reject);
      client.on('ready', () => {
        client.sftp((error, sftp) => {
          if (error) {
            client.end();
            return reject(error);
          }
          sftp.readFile(posix.join(file.path!, file.name!), (readError: Error | null | undefined) => {
            client.end();
            if (readError) reject(readError);
            else resolve();
          });
        });
      });
      client.connect({ host: file.server, port: this.sftpPort, username: file.user, password: file.password, readyTimeout: 10_000 });
    });
  }
}
