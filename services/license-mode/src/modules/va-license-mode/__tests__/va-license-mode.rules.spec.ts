import { VA_LICENSE_MODE_AUTO_REGISTERED_REASON, VA_LICENSE_MODE_AUTO_REGISTRATION_REASON, VA_LICENSE_MODE_LOCKED_REASON } from '#libs/contracts';
import { editability, modeChangeRefusal, shouldBecomeHcs, waitingForHcs, type VaModeState } from '../va-license-mode.rules.js';

const va = (o: Partial<VaModeState> = {}): VaModeState => ({ mode: null, assignedClusters: 0, autoRegisteredClusters: 0, autoRegistrationTarget: false, ...o });

describe('VA license mode (guide: "Virtual Account Summary", "Auto-registration of Clusters Using Direct or Proxy Mode")', () => {
  it('"If no cluster is assigned to the VA, then you can change the mode of the VA"', () => {
    expect(modeChangeRefusal(va({ mode: 'HCS' }), 'Enterprise')).toBeNull();
    expect(editability(va({ mode: 'Enterprise' }))).toEqual({ editable: true, reason: null });
  });

  it('"If a cluster is assigned to the VA, then you cannot change the mode of the VA" (the guide\'s tooltip)', () => {
    const locked = va({ mode: 'HCS', assignedClusters: 2 });
    expect(modeChangeRefusal(locked, 'Enterprise')).toBe(VA_LICENSE_MODE_LOCKED_REASON);
    expect(editability(locked)).toEqual({ editable: false, reason: VA_LICENSE_MODE_LOCKED_REASON });
  });

  it('"If no mode was present earlier, then the license mode could be set": clusters auto-registered to a VA without mode do not lock it out of HCS', () => {
    const stuck = va({ mode: null, assignedClusters: 3, autoRegisteredClusters: 3 });
    expect(modeChangeRefusal(stuck, 'HCS')).toBeNull();
    // They run in HCS mode: the VA cannot claim Enterprise.
    expect(modeChangeRefusal(stuck, 'Enterprise')).toBe(VA_LICENSE_MODE_AUTO_REGISTERED_REASON);
    expect(editability(stuck).editable).toBe(true);
  });

  it('"If you enable autoregistration, HCM-F changes the license modes of the UC Applications to HCS mode": the operational VA becomes HCS and stays so', () => {
    expect(shouldBecomeHcs(va({ autoRegistrationTarget: true }))).toBe(true);
    expect(shouldBecomeHcs(va({ autoRegistrationTarget: true, mode: 'Enterprise', assignedClusters: 4, autoRegisteredClusters: 4 }))).toBe(true);
    expect(shouldBecomeHcs(va({ autoRegistrationTarget: true, mode: 'HCS' }))).toBe(false);
    expect(shouldBecomeHcs(va({ mode: null }))).toBe(false);
    const operational = va({ autoRegistrationTarget: true, mode: 'HCS', assignedClusters: 1, autoRegisteredClusters: 1 });
    expect(modeChangeRefusal(operational, 'Enterprise')).toBe(VA_LICENSE_MODE_AUTO_REGISTRATION_REASON);
    expect(editability(va({ autoRegistrationTarget: true, mode: 'HCS' }))).toEqual({ editable: false, reason: VA_LICENSE_MODE_AUTO_REGISTRATION_REASON });
  });

  it('an operational VA in Enterprise mode with clusters assigned by hand waits for them to be unassigned, and says so', () => {
    const held = va({ autoRegistrationTarget: true, mode: 'Enterprise', assignedClusters: 3, autoRegisteredClusters: 1 });
    expect(shouldBecomeHcs(held)).toBe(false);
    expect(waitingForHcs(held)).toMatch(/2 cluster\(s\) assigned by hand run in Enterprise mode: unassign them/);
    expect(editability(held)).toEqual({ editable: false, reason: waitingForHcs(held) });
    expect(shouldBecomeHcs({ ...held, assignedClusters: 1 })).toBe(true);
  });

  it('a VA holding auto-registered clusters after auto-registration was disabled stays HCS; once empty it is free again', () => {
    expect(modeChangeRefusal(va({ mode: 'HCS', assignedClusters: 2, autoRegisteredClusters: 2 }), 'Enterprise')).toBe(VA_LICENSE_MODE_AUTO_REGISTERED_REASON);
    expect(modeChangeRefusal(va({ mode: 'HCS' }), 'Enterprise')).toBeNull();
  });
});
