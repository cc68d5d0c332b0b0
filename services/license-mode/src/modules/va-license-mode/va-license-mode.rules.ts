import {
  LICENSE_MODES,
  VA_LICENSE_MODE_AUTO_REGISTERED_REASON,
  VA_LICENSE_MODE_AUTO_REGISTRATION_REASON,
  VA_LICENSE_MODE_LOCKED_REASON,
  type LicenseMode,
} from '#libs/contracts';

/** What decides whether a VA's license mode may change. */
export interface VaModeState {
  mode: LicenseMode | null;
  assignedClusters: number;
  /** Of `assignedClusters`, those auto-registration put there: they run in HCS mode. */
  autoRegisteredClusters: number;
  /** The VA is the operational VA of a smart account with auto-registration on. */
  autoRegistrationTarget: boolean;
}

const manualClusters = (s: VaModeState) => Math.max(0, s.assignedClusters - s.autoRegisteredClusters);

/**
 * Why `mode` cannot be set on the VA now, or null (guide: "Virtual Account Summary", "Auto-registration of Clusters"):
 * - "If no mode was present earlier, then the license mode could be set";
 * - "If a cluster is assigned to the VA, then you cannot change the mode of the VA": the clusters assigned by hand
 *   run in the VA's mode;
 * - "If you enable autoregistration, HCM-F changes the license modes of the UC Applications to HCS mode": the
 *   operational VA of auto-registration is HCS, and clusters auto-registered anywhere are in HCS mode, so a VA
 *   holding them cannot leave HCS (but can always become HCS: nothing locks an operational VA out of its mode).
 */
export const modeChangeRefusal = (s: VaModeState, mode: LicenseMode): string | null => {
  if (s.mode === mode) return null;
  if (s.autoRegistrationTarget && mode !== 'HCS') return VA_LICENSE_MODE_AUTO_REGISTRATION_REASON;
  if (s.mode !== null && manualClusters(s) > 0) return VA_LICENSE_MODE_LOCKED_REASON;
  if (s.autoRegisteredClusters > 0 && mode !== 'HCS') return VA_LICENSE_MODE_AUTO_REGISTERED_REASON;
  return null;
};

/**
 * The operational VA of auto-registration whose mode is not HCS yet, and the clusters assigned by hand (in the VA's
 * mode) that keep it so: they have to be unassigned first.
 */
export const waitingForHcs = (s: VaModeState): string | null =>
  s.autoRegistrationTarget && s.mode !== 'HCS' && modeChangeRefusal(s, 'HCS') !== null
    ? `Auto-registration registers the clusters of this operational virtual account in HCS mode, but ${manualClusters(s)} cluster(s) assigned by hand run in ${s.mode} mode: unassign them, and the license mode becomes HCS`
    : null;

/** Whether another mode can be set, and if not why (the tooltip). */
export const editability = (s: VaModeState): { editable: boolean; reason: string | null } => {
  const others = LICENSE_MODES.filter((m) => m !== s.mode);
  const refusals = others.map((m) => modeChangeRefusal(s, m));
  const editable = refusals.some((r) => r === null);
  return { editable, reason: waitingForHcs(s) ?? (editable ? null : refusals.find((r) => r !== null)!) };
};

/** Auto-registration's operational VA takes HCS as soon as nothing holds it in another mode. */
export const shouldBecomeHcs = (s: VaModeState): boolean => s.autoRegistrationTarget && s.mode !== 'HCS' && modeChangeRefusal(s, 'HCS') === null;
