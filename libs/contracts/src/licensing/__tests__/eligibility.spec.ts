import { isEligibleForSmartLicensing, unsupportedVersionReason } from '../eligibility.js';

describe('which versions register to CSSM through smartlic (README: "Where the guide contradicts itself")', () => {
  it.each([
    ['12.5', true],
    ['12.5.1.10000-1', true],
    ['14.0', true],
    ['15', true],
    ['12.4.9', false],
    ['12.0.1', false],
    ['11.5.1', false],
    ['10.5', false],
  ])('Unified CM, Unity Connection and Emergency Responder %s: %s', (version, eligible) => {
    for (const type of ['cucm', 'cuc', 'cer'] as const) expect(isEligibleForSmartLicensing(type, version)).toBe(eligible);
  });

  it('"UC application versions 11.x or earlier supports registration through PLM": the reason says so', () => {
    expect(unsupportedVersionReason('cucm', '11.5.1')).toMatch(/11\.x or earlier: such clusters register through PLM/);
  });

  it('12.0-12.4 ("Register all the 12.x UC applications cluster to CSSM", but the Upgrade Guidelines require 12.5(x)): told to upgrade', () => {
    expect(unsupportedVersionReason('cuc', '12.0.1')).toMatch(/below 12\.5: upgrade the cluster to 12\.5\(x\)/);
    expect(unsupportedVersionReason('cer', '12.4')).toMatch(/upgrade the cluster to 12\.5\(x\)/);
    expect(unsupportedVersionReason('cucm', '12.5')).toBeNull();
  });

  it('"Expressway E and C clusters with version X12.6 and later that are configured with Smart licensing mode"', () => {
    expect(isEligibleForSmartLicensing('expressway-c', 'X12.6')).toBe(true);
    expect(isEligibleForSmartLicensing('expressway-e', 'X12.5.4')).toBe(false);
    expect(unsupportedVersionReason('expressway-e', 'X12.5.4')).toMatch(/below X12\.6/);
    expect(isEligibleForSmartLicensing('expressway-e', 'X14.0', 'pak')).toBe(false);
  });
});
