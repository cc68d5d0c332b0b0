import { calculateFlexUsage, type OrderedLine } from '../flex-usage.calculator.js';
import { lmName, majorVersion, reportLicenseOf } from '../report-license.js';

const FOUNDATION = 'HCS Cisco UCM Foundation License';
const STANDARD = 'HCS Cisco UCM Standard License';
const CUC_BASIC = 'HCS Unity Connection Basic License';

const order = (subscriptionId: string, license: string, quantity: number, endDate: string | null = '2027-01-31'): OrderedLine => ({ subscriptionId, licenseModel: 'Named User', license, quantity, endDate });

describe('Flex Usage: ordered against consumed, true forward, compliance', () => {
  it('consumption within what was ordered is in compliance with no true forward', () => {
    const rows = calculateFlexUsage([order('S1', FOUNDATION, 100)], [{ license: FOUNDATION, count: 60 }]);
    expect(rows).toEqual([{ subscriptionId: 'S1', licenseModel: 'Named User', endDate: '2027-01-31', license: FOUNDATION, ordered: 100, consumed: 60, trueForward: 0, compliance: 'In Compliance' }]);
  });

  it('consumption beyond ordered is true forward and out of compliance', () => {
    const [row] = calculateFlexUsage([order('S1', CUC_BASIC, 10)], [{ license: CUC_BASIC, count: 13 }]);
    expect(row).toMatchObject({ ordered: 10, consumed: 13, trueForward: 3, compliance: 'Out of Compliance' });
  });

  it('consumption of a license no subscription ordered is all true forward', () => {
    expect(calculateFlexUsage([], [{ license: CUC_BASIC, count: 4 }])).toEqual([
      { subscriptionId: null, licenseModel: null, endDate: null, license: CUC_BASIC, ordered: 0, consumed: 4, trueForward: 4, compliance: 'Out of Compliance' },
    ]);
  });

  it('dual parenting: Enterprise requests are served by HCS Foundation, then HCS Standard, before any true forward', () => {
    // Enterprise mode: 12 Essential + 3 UWL requested; 10 Foundation and 5 Standard ordered. Essential takes the 10
    // Foundation, UWL takes 3 Standard, the 2 remaining Essential take the 2 remaining Standard: nothing left over.
    const rows = calculateFlexUsage([order('S1', FOUNDATION, 10), order('S1', STANDARD, 5)], [
      { license: 'Essential', count: 12 },
      { license: 'Cisco Unified Workspace Licensing (UWL)', count: 3 },
    ]);
    expect(rows).toEqual([
      expect.objectContaining({ license: FOUNDATION, ordered: 10, consumed: 10, trueForward: 0, compliance: 'In Compliance' }),
      expect.objectContaining({ license: STANDARD, ordered: 5, consumed: 5, trueForward: 0, compliance: 'In Compliance' }),
    ]);
  });

  it('a higher-level license fills a lower-level request, never the other way round', () => {
    // Foundation requests may take Standard; Standard requests cannot take Foundation.
    const up = calculateFlexUsage([order('S1', STANDARD, 8)], [{ license: FOUNDATION, count: 5 }]);
    expect(up).toEqual([expect.objectContaining({ license: STANDARD, ordered: 8, consumed: 5, trueForward: 0, compliance: 'In Compliance' })]);
    const down = calculateFlexUsage([order('S1', FOUNDATION, 8)], [{ license: STANDARD, count: 5 }]);
    expect(down).toEqual([
      expect.objectContaining({ license: FOUNDATION, ordered: 8, consumed: 0, trueForward: 0 }),
      expect.objectContaining({ license: STANDARD, ordered: 0, consumed: 5, trueForward: 5, compliance: 'Out of Compliance' }),
    ]);
  });

  it('an Enterprise request nothing can serve is true forward on the HCS license it maps to', () => {
    const rows = calculateFlexUsage([order('S1', FOUNDATION, 2)], [{ license: 'Basic', count: 5 }]);
    expect(rows).toEqual([expect.objectContaining({ license: FOUNDATION, ordered: 2, consumed: 5, trueForward: 3, compliance: 'Out of Compliance' })]);
  });

  it('exact matches are served before fallbacks take a license from them', () => {
    // 5 Standard ordered; 5 Standard and 5 Foundation requested, no Foundation ordered: Standard requests keep their
    // licenses and the Foundation requests are true forward on Foundation.
    const rows = calculateFlexUsage([order('S1', STANDARD, 5)], [{ license: FOUNDATION, count: 5 }, { license: STANDARD, count: 5 }]);
    expect(rows).toEqual([
      expect.objectContaining({ license: FOUNDATION, ordered: 0, consumed: 5, trueForward: 5 }),
      expect.objectContaining({ license: STANDARD, ordered: 5, consumed: 5, trueForward: 0 }),
    ]);
  });

  it('consumption fills a customer\'s subscriptions by end date; the excess shows on the last', () => {
    const rows = calculateFlexUsage([order('S-LATE', FOUNDATION, 10, '2028-01-01'), order('S-SOON', FOUNDATION, 10, '2027-01-01')], [{ license: FOUNDATION, count: 25 }]);
    expect(rows).toEqual([
      expect.objectContaining({ subscriptionId: 'S-SOON', ordered: 10, consumed: 10, trueForward: 0, compliance: 'In Compliance' }),
      expect.objectContaining({ subscriptionId: 'S-LATE', ordered: 10, consumed: 15, trueForward: 5, compliance: 'Out of Compliance' }),
    ]);
  });
});

describe('report naming', () => {
  it('names licenses the way the Service Inventory sample does', () => {
    expect(reportLicenseOf(FOUNDATION)).toMatchObject({ product: 'HUCM', licenseType: 'HUCM_Foundation' });
    expect(reportLicenseOf('HCS Emergency Responder User License')).toMatchObject({ product: 'HCER', licenseType: 'HCER_User' });
    expect(reportLicenseOf('HCS Cisco UCM Essential License')).toMatchObject({ product: 'HUCM', licenseType: 'HUCM_Essential' });
    expect(reportLicenseOf('HCS Unity Connection SpeechConnect Port License')).toMatchObject({ product: 'HCUC', licenseType: 'HCUC_SpeechConnectPort' });
    expect(reportLicenseOf('Essential')).toMatchObject({ product: 'HUCM', licenseType: 'HUCM_Essential' });
    expect(reportLicenseOf('Mystery Widget')).toBeUndefined();
  });

  it('LM name is VA@domain for CSSM and VA@local-account for a satellite', () => {
    expect(lmName('virtual-account1', 'CSSM', 'smart-account.cisco.com', null)).toBe('virtual-account1@smart-account.cisco.com');
    expect(lmName('virtual-account1', 'Satellite', 'smart-account.cisco.com', 'local-account')).toBe('virtual-account1@local-account');
    expect(majorVersion('12.5.1.10000-1')).toBe('12');
    expect(majorVersion('X14.2')).toBe('14');
  });
});
