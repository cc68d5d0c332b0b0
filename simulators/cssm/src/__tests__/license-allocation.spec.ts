import { allocate, candidatesFor, poolStatus, release, type LicensePool, type PoolSource } from '../license-allocation.js';

const FOUNDATION = 'HCS Cisco UCM Foundation License';
const STANDARD = 'HCS Cisco UCM Standard License';

const poolsOf = (quantities: Record<string, number>) => {
  const map = new Map<string, LicensePool>(
    Object.entries(quantities).map(([license, quantity]) => [license, { license, billingType: 'PREPAID', quantity, inUse: 0, substitutions: new Map() }]),
  );
  const source: PoolSource = {
    get: (l) => map.get(l),
    create: (l) => {
      const p: LicensePool = { license: l, billingType: 'PREPAID', quantity: 0, inUse: 0, substitutions: new Map() };
      map.set(l, p);
      return p;
    },
  };
  return { map, source, inUse: (l: string) => map.get(l)?.inUse ?? 0 };
};

describe('license allocation', () => {
  it('an Enterprise-mode request takes Enterprise first, then HCS Foundation, then HCS Standard (dual parenting)', () => {
    const sut = poolsOf({ Enhanced: 10, [FOUNDATION]: 5, [STANDARD]: 100 });
    const [a] = allocate(sut.source, [{ license: 'Enhanced', count: 20 }], 'Enterprise');
    expect(a!.from).toEqual([
      { license: 'Enhanced', count: 10 },
      { license: FOUNDATION, count: 5 },
      { license: STANDARD, count: 5 },
    ]);
    expect(a!.shortfall).toBe(0);
    expect(sut.map.get(FOUNDATION)!.substitutions.get('Enhanced')).toBe(5);
  });

  it('an HCS-mode request never takes Enterprise licenses', () => {
    expect(candidatesFor('Enhanced', 'HCS')).toEqual([FOUNDATION, STANDARD]);
    const sut = poolsOf({ Enhanced: 10, [FOUNDATION]: 3, [STANDARD]: 2 });
    allocate(sut.source, [{ license: FOUNDATION, count: 4 }], 'HCS');
    expect([sut.inUse('Enhanced'), sut.inUse(FOUNDATION), sut.inUse(STANDARD)]).toEqual([0, 3, 1]);
  });

  it('"the higher level licences are utilized to fulfill the request for lower level licenses", never the reverse', () => {
    expect(candidatesFor(FOUNDATION, 'HCS')).toEqual([FOUNDATION, STANDARD]);
    expect(candidatesFor(STANDARD, 'HCS')).toEqual([STANDARD]);
    expect(candidatesFor('Enhanced Plus', 'Enterprise')).toEqual(['Enhanced Plus', STANDARD]);
  });

  it('licenses of Table 1 outside the hierarchy are filled by their own Enterprise and HCS licenses only', () => {
    expect(candidatesFor('Telepresence Room', 'Enterprise')).toEqual(['Telepresence Room', 'HCS Cisco UCM TelePresence Room License']);
    expect(candidatesFor('CUC_BasicMessaging', 'Enterprise')).toEqual(['CUC_BasicMessaging', 'HCS Unity Connection Basic License']);
    expect(candidatesFor('CUC_BasicMessaging', 'HCS')).toEqual(['HCS Unity Connection Basic License']);
    expect(candidatesFor('CER_USER', 'Enterprise')).toEqual(['CER_USER', 'HCS Emergency Responder User License']);
    expect(candidatesFor('Expressway Rich Media Session', 'HCS')).toEqual(['Expressway Rich Media Session']);
  });

  it('a request that cannot be filled is charged as overage and puts the pool out of compliance', () => {
    const sut = poolsOf({ [FOUNDATION]: 2 });
    const [a] = allocate(sut.source, [{ license: FOUNDATION, count: 5 }], 'HCS');
    expect(a!.shortfall).toBe(3);
    expect(sut.inUse(FOUNDATION)).toBe(5);
    expect(poolStatus(sut.map.get(FOUNDATION)!)).toBe('Out of Compliance');
  });

  it('a license the VA does not hold gets an empty pool carrying the consumption', () => {
    const sut = poolsOf({});
    const [a] = allocate(sut.source, [{ license: 'Expressway Rich Media Session', count: 2 }], 'Enterprise');
    expect(a!.shortfall).toBe(2);
    expect(sut.map.get('Expressway Rich Media Session')).toMatchObject({ quantity: 0, inUse: 2 });
  });

  it('release gives back everything, including substitutions', () => {
    const sut = poolsOf({ Enhanced: 1, [FOUNDATION]: 1, [STANDARD]: 1 });
    const allocations = allocate(sut.source, [{ license: 'Enhanced', count: 4 }], 'Enterprise');
    release(sut.source, allocations);
    for (const p of sut.map.values()) {
      expect(p.inUse).toBe(0);
      expect(p.substitutions.size).toBe(0);
    }
  });
});
