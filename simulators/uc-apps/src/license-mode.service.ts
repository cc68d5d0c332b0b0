import type { SimLicenseMode } from '#simulators/common';
import type { UcClusterState } from './cluster.store.js';
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
 * License mode (guide: "HCS Managed Services" — the COP file is installed on the publisher and reboots it). While the
 * publisher reboots every node of the cluster resets connections; afterwards the cluster answers in the new mode and
 * a registered agent reports its usage under the new mode's license names.
 */
export class LicenseModeService {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly agent: SmartAgentService,
    private readonly rebootMs: number,
  ) {}

  change(cluster: UcClusterState, licenseMode: SimLicenseMode, options: { reboot: boolean } = { reboot: true }): LicenseModeChange {
    const previousLicenseMode = cluster.licenseMode;
    if (previousLicenseMode === licenseMode) return { licenseMode, previousLicenseMode, rebooting: false, rebootUntil: 0 };
    cluster.licenseMode = licenseMode;
    if (!options.reboot || this.rebootMs <= 0) {
      void this.agent.reportUsage(cluster);
      return { licenseMode, previousLicenseMode, rebooting: false, rebootUntil: 0 };
    }
    // A timestamp rather than a flag: the request path checks it, so no timer is needed to bring the cluster back.
    cluster.rebootUntil = Date.now() + this.rebootMs;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.agent.reportUsage(cluster);
    }, this.rebootMs);
    timer.unref();
    this.timers.add(timer);
    return { licenseMode, previousLicenseMode, rebooting: true, rebootUntil: cluster.rebootUntil };
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
