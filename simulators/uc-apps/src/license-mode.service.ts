import type { SimLicenseMode } from '#simulators/common';
import { hasCondition, type UcClusterState } from './cluster.store.js';
import type { SmartAgentService } from './smart-agent.service.js';

export interface LicenseModeChange {
  licenseMode: SimLicenseMode;
  previousLicenseMode: SimLicenseMode;
  /** True when the mode changed and the publisher reboots. */
  rebooting: boolean;
  /** Epoch ms when the cluster answers again (0 when not rebooting). */
  rebootUntil: number;
}

/**
 * The platform's deployment mode (guide: "HCS Managed Services"; Cisco's PAWS DeploymentModeService). The mode a
 * `setDeploymentMode` sets is what `getDeploymentMode` reads at once (TN119377 reads it back to verify before the
 * restart), but the licensing follows it only after the publisher restarts (the guide: "the publisher node ...
 * reboots and the license mode is changed to HCS mode"). While the publisher restarts every node of the cluster
 * resets connections; afterwards a registered agent reports its usage under the new mode's license names.
 */
export class LicenseModeService {
  /** Modes set by `setDeploymentMode` and waiting for the restart; weak, so a removed cluster takes its entry along. */
  private readonly pending = new WeakMap<UcClusterState, SimLicenseMode>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly agent: SmartAgentService,
    private readonly rebootMs: number,
  ) {}

  /** `getDeploymentMode`: the mode last set, whether the restart has applied it yet or not. */
  deploymentMode(cluster: UcClusterState): SimLicenseMode {
    return this.pending.get(cluster) ?? cluster.licenseMode;
  }

  /** `setDeploymentMode`: recorded now, applied by the next restart. */
  setDeploymentMode(cluster: UcClusterState, mode: SimLicenseMode): void {
    if (mode === cluster.licenseMode) this.pending.delete(cluster);
    else this.pending.set(cluster, mode);
  }

  /**
   * `restartSystem` on the publisher: the cluster resets connections for the reboot time and comes back in the mode
   * set before, unless the cluster has the `deploymentModeNotApplied` condition (it comes back in its old mode).
   */
  restart(cluster: UcClusterState): void {
    const wanted = this.pending.get(cluster);
    this.pending.delete(cluster);
    const changed = wanted !== undefined && !hasCondition(cluster, 'deploymentModeNotApplied');
    // Nothing answers while the cluster reboots, so the mode can switch now; the usage report waits for the reboot.
    if (changed) cluster.licenseMode = wanted;
    this.reboot(cluster, changed);
  }

  /** Admin shortcut (`PUT /__admin/clusters/{id}/license-mode`): the mode in effect at once, with or without a reboot. */
  change(cluster: UcClusterState, licenseMode: SimLicenseMode, options: { reboot: boolean } = { reboot: true }): LicenseModeChange {
    const previousLicenseMode = cluster.licenseMode;
    this.pending.delete(cluster);
    if (previousLicenseMode === licenseMode) return { licenseMode, previousLicenseMode, rebooting: false, rebootUntil: 0 };
    cluster.licenseMode = licenseMode;
    if (!options.reboot) {
      void this.agent.reportUsage(cluster);
      return { licenseMode, previousLicenseMode, rebooting: false, rebootUntil: 0 };
    }
    this.reboot(cluster, true);
    const rebooting = this.rebootMs > 0;
    return { licenseMode, previousLicenseMode, rebooting, rebootUntil: rebooting ? cluster.rebootUntil : 0 };
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private reboot(cluster: UcClusterState, reportUsage: boolean): void {
    if (this.rebootMs <= 0) {
      if (reportUsage) void this.agent.reportUsage(cluster);
      return;
    }
    // A timestamp rather than a flag: the request path checks it, so no timer is needed to bring the cluster back.
    cluster.rebootUntil = Date.now() + this.rebootMs;
    if (!reportUsage) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.agent.reportUsage(cluster);
    }, this.rebootMs);
    timer.unref();
    this.timers.add(timer);
  }
}
