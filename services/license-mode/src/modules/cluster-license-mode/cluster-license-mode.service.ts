import { Inject, Injectable } from '@nestjs/common';
import { CaaCommands, SmartlicException, type ApplicationType, type ErrorCode, type LicenseMode } from '#libs/contracts';
import { CommandClient, CommandFailedError, COMMAND_ERROR_CODES, isTransportError } from '#libs/messaging';
import { delay } from '#libs/resilience';
import { SERVICE_CONFIG } from '#libs/service-kit';
import type { LicenseModeConfig } from '../../config/license-mode.config.js';
import { ClusterLicenseModeRepository } from './cluster-license-mode.repository.js';

export interface ClusterLicenseModeResult {
  clusterId: string;
  mode: LicenseMode;
  previousMode: LicenseMode | null;
  changed: boolean;
}

/** Codes of a change towards HCS ("License Mode Change") and back to Enterprise ("Reset Cluster License Mode"). */
const CODES: Record<LicenseMode, { exception: ErrorCode; notChanged: ErrorCode; caaTimeout: ErrorCode }> = {
  HCS: { exception: 'SLMCT1002', notChanged: 'SLMCT1003', caaTimeout: 'SLMCT1005' },
  Enterprise: { exception: 'SLMCT1017', notChanged: 'SLMCT1016', caaTimeout: 'SLMCT1019' },
};

/** app-adapter's code for an application that refuses connections (a restarting publisher does). */
const UNREACHABLE = 'CAA1046';
/** app-adapter's code for a cluster without platform credentials, which the license mode change (PAWS) needs. */
const NO_PLATFORM_CREDENTIALS = 'CAA1008';

const changeKey = (clusterId: string, applicationType: ApplicationType, mode: LicenseMode) => `${applicationType}\u0000${clusterId}\u0000${mode}`;

const codeOf = (error: unknown): string | undefined => (error instanceof CommandFailedError ? error.error.code : undefined);

const cause = (error: unknown) =>
  error instanceof CommandFailedError ? { cause: { code: error.error.code, message: error.error.message } } : { cause: { message: (error as Error).message } };

/** The guide's license-mode code for a cluster application without platform credentials. */
const noPlatformCredentials = (clusterId: string, applicationType: ApplicationType, error: unknown) =>
  SmartlicException.fromCode('SLMCT1013', { clusterId, applicationType, ...cause(error) });

/**
 * Makes a cluster's license mode match its virtual account's (guide: "Migration from On Premise to HCS"): read
 * the mode from the application, change it only when it differs; the change restarts the publisher and app-adapter
 * answers once the publisher is back, with the mode it then reads. Idempotent: a retry after a crash finds the mode
 * already set. Codes: a read that fails SLM1013 (SLM1012 for an unknown cluster), a change that fails SLMCT1002 /
 * SLMCT1017, a mode that did not change SLMCT1003 / SLMCT1016, no platform credentials SLMCT1013.
 */
@Injectable()
export class ClusterLicenseModeService {
  /** The mode changes (set and reboot) this process is making, by cluster and mode: a request asked again joins one. */
  private readonly changing = new Map<string, Promise<ClusterLicenseModeResult>>();

  constructor(
    private readonly modes: ClusterLicenseModeRepository,
    private readonly commands: CommandClient,
    @Inject(SERVICE_CONFIG) private readonly config: LicenseModeConfig,
  ) {}

  /**
   * Registration asks again on a short per-attempt timeout (REGISTRATION_LICENSE_MODE_ATTEMPT_MS) so that a reply lost
   * with a killed license-mode costs a job seconds, not the whole reboot-sized timeout. A request asked again while
   * this process changes that cluster's mode (set, then the publisher's reboot) joins the change: same answer, no
   * second change. It does not join a mere read of the mode, which is cheap to repeat and whose reply may have been
   * lost with a killed app-adapter. A request that reaches another replica, or this process after a restart, reads
   * the mode again, and app-adapter's recorded change (pending_license_mode_change) makes it wait for or resume the
   * change under way instead of setting the mode twice.
   */
  set(clusterId: string, applicationType: ApplicationType, mode: LicenseMode): Promise<ClusterLicenseModeResult> {
    return this.changing.get(changeKey(clusterId, applicationType, mode)) ?? this.change(clusterId, applicationType, mode);
  }

  private async change(clusterId: string, applicationType: ApplicationType, mode: LicenseMode): Promise<ClusterLicenseModeResult> {
    // Expressway has no HCS/Enterprise license mode (the guide's mode change is for UC applications and PLM).
    if (applicationType === 'expressway') return { clusterId, mode, previousMode: null, changed: false };
    const codes = CODES[mode];
    const current = await this.currentMode(clusterId, applicationType, codes.caaTimeout);
    if (current === mode) {
      await this.modes.record(clusterId, applicationType, mode, null);
      return { clusterId, mode, previousMode: current, changed: false };
    }
    const key = changeKey(clusterId, applicationType, mode);
    const underWay = this.changing.get(key);
    if (underWay) return underWay;
    const work = this.setMode(clusterId, applicationType, mode, current).finally(() => this.changing.delete(key));
    this.changing.set(key, work);
    return work;
  }

  private async setMode(clusterId: string, applicationType: ApplicationType, mode: LicenseMode, current: LicenseMode): Promise<ClusterLicenseModeResult> {
    const codes = CODES[mode];
    const deadline = this.config.LICENSE_MODE_REBOOT_DEADLINE_MS;
    let changedTo: LicenseMode;
    try {
      const change = await this.commands.request(CaaCommands.setLicenseMode(applicationType), { clusterId, mode, rebootDeadlineMs: deadline }, { timeoutMs: deadline + 30_000 });
      changedTo = change.licenseMode;
    } catch (error) {
      if (isTransportError(error)) throw SmartlicException.fromCode(codes.caaTimeout, { clusterId, applicationType });
      if (codeOf(error) === NO_PLATFORM_CREDENTIALS) throw noPlatformCredentials(clusterId, applicationType, error);
      throw SmartlicException.fromCode(codes.exception, { clusterId, applicationType, ...cause(error) });
    }
    if (changedTo !== mode) throw SmartlicException.fromCode(codes.notChanged, { clusterId, applicationType, expected: mode, actual: changedTo });
    await this.modes.record(clusterId, applicationType, mode, current);
    return { clusterId, mode, previousMode: current, changed: true };
  }

  /**
   * The application's license mode. A publisher that is still rebooting from an earlier change (e.g. this service was
   * restarted while app-adapter waited for it) refuses connections (CAA1046): wait for it up to the reboot deadline.
   */
  private async currentMode(clusterId: string, applicationType: ApplicationType, caaTimeout: ErrorCode): Promise<LicenseMode> {
    const deadline = Date.now() + this.config.LICENSE_MODE_REBOOT_DEADLINE_MS;
    for (;;) {
      try {
        return (await this.commands.request(CaaCommands.getLicenseMode(applicationType), { clusterId })).licenseMode;
      } catch (error) {
        if (isTransportError(error)) throw SmartlicException.fromCode(caaTimeout, { clusterId, applicationType });
        const code = codeOf(error);
        if (code === UNREACHABLE && Date.now() < deadline) {
          await delay(this.config.LICENSE_MODE_REBOOT_POLL_MS);
          continue;
        }
        if (code === NO_PLATFORM_CREDENTIALS) throw noPlatformCredentials(clusterId, applicationType, error);
        throw SmartlicException.fromCode(code === COMMAND_ERROR_CODES.notFound ? 'SLM1012' : 'SLM1013', { clusterId, applicationType, ...cause(error) });
      }
    }
  }
}
