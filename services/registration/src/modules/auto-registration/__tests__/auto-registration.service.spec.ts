import { interleaveByApplicationType } from '../auto-registration.service.js';

describe('interleaveByApplicationType', () => {
  it('alternates application types (both Expressway types are one application) and keeps every cluster once, in order within a type', () => {
    const items = [
      { id: 'a', type: 'cucm' as const },
      { id: 'b', type: 'cucm' as const },
      { id: 'c', type: 'cuc' as const },
      { id: 'd', type: 'expressway-c' as const },
      { id: 'e', type: 'expressway-e' as const },
      { id: 'f', type: 'cucm' as const },
    ];
    expect(interleaveByApplicationType(items).map((i) => i.id)).toEqual(['a', 'c', 'd', 'b', 'e', 'f']);
  });

  it('leaves an empty list empty', () => {
    expect(interleaveByApplicationType([])).toEqual([]);
  });
});
